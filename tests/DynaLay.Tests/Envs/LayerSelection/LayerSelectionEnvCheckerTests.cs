using DynaLay.Envs.Gym;
using DynaLay.Envs.LayerSelection;

namespace DynaLay.Tests.Envs.LayerSelection;

public class LayerSelectionEnvCheckerTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "image", "text" })
            foreach (var wrapper in new[] { "none", "time-limit", "order", "statistics", "recorder" })
                data.Add(kind, wrapper);
        return data;
    }

    private sealed class NullRecorder : IEpisodeRecorder<float[], int>
    {
        public void OnReset(float[] obs, Info info) { }
        public void OnStep(int action, StepResult<float[]> result) { }
        public void OnEpisodeEnd() { }
    }

    [Theory, MemberData(nameof(Cases))]
    public void PassesTheEnvironmentChecker(string kind, string wrapper)
    {
        EnvChecker.Check<float[], int>(() =>
        {
            IEnv<float[], int> env = new SingleEpisodeEnv(TinyWorld.Env(kind, batch: 1));
            return wrapper switch
            {
                "time-limit" => new TimeLimit<float[], int>(env, 10),
                "order" => new OrderEnforcing<float[], int>(env),
                "statistics" => new RecordEpisodeStatistics<float[], int>(env),
                "recorder" => new RecordEpisodes<float[], int>(env, new NullRecorder()),
                _ => env,
            };
        });
    }
}
