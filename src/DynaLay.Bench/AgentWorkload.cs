using DynaLay.Agents;
using DynaLay.Envs.LayerSelection;
using DynaLay.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace DynaLay.Bench;

/// <summary>
/// Decision (act, exploring) and update (learn from one batch of finished episodes) time of every learner
/// at the benchmark batch size, on observations and a rollout from the real environment. DQN's replay
/// buffer is filled past its learning start first, so its update includes gradient steps.
/// </summary>
public sealed class AgentWorkload : IBenchWorkload
{
    public string Name => "agent";
    public string Description => "act and update time of each learner at the batch size";

    public void Run(BenchContext context)
    {
        var o = context.Options;
        context.Progress(Name);
        torch.manual_seed(o.Seed);
        using var data = BenchNetworks.SyntheticImages(o.Batch * 2, o.Seed);
        var config = BenchNetworks.Image() with { NumClasses = data.NumClasses, SampleShape = data.Train.SampleShape };
        using var network = MainNetwork.Create(config);
        network.eval();
        using var env = new LayerSelectionEnv(network, data.Train, new LayerSelectionOptions { BatchSize = o.Batch, Shuffle = false });
        using var random = AgentRegistry.Create("random", AgentContext.For(env, CPU, o.Seed));
        var rollout = RolloutCollector.Collect(env, random, explore: true, CPU);
        using var observations = tensor(rollout.Steps[0].Observations, [env.BatchCount, env.Layout.Size]);
        var active = Enumerable.Repeat(true, env.BatchCount).ToArray();

        foreach (var name in new[] { "reinforce", "dqn", "agentnet" })
        {
            using var agent = AgentRegistry.Create(name, AgentContext.For(env, CPU, o.Seed));
            // Past DQN's learning start (1,000 transitions) so that its updates take gradient steps.
            for (int i = 0; i < 12; i++) agent.Learn(rollout);
            var input = new AgentInput(observations, active, Explore: true, env);
            var m = context.Measure(
                new TimedCase($"{name} act", () => agent.Act(input)),
                new TimedCase($"{name} update", () => agent.Learn(rollout)));
            string note = $"batch {env.BatchCount}, {rollout.Steps.Count} steps per rollout";
            context.Add(BenchRow.From(Name, $"{name} act", "ms/batch", m[0], o.Steps, note));
            context.Add(BenchRow.From(Name, $"{name} update", "ms/batch", m[1], o.Steps, note));
        }
    }
}
