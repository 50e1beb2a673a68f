using DynaLay.Agents;

namespace DynaLay.Tests.Agents;

public class AgentRegistryTests
{
    private static readonly AgentContext Ctx = new(observationSize: 10, numLayers: 3);

    public static TheoryData<string> EveryPlainName() => [.. AgentRegistry.Specs.Where(s => s.FamilyPrefix is null).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(EveryPlainName))]
    [InlineData("fixed:1")]
    [InlineData("fixed:3")]
    [InlineData("threshold:2:0.5")]
    public void EveryNameCreates(string name)
    {
        using var agent = AgentRegistry.Create(name, Ctx);
        Assert.Equal(name, agent.Name);
        Assert.Equal(AgentRegistry.Find(name).IsLearner, agent.IsLearner);
    }

    [Fact]
    public void ANameIsRegisteredOnce()
    {
        Assert.Throws<InvalidOperationException>(() => AgentRegistry.Register(AgentRegistry.Find("dqn")));
        Assert.Throws<InvalidOperationException>(() => AgentRegistry.Register(AgentRegistry.Find("fixed:2")));
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create("sac", Ctx));
        foreach (var n in AgentRegistry.Names) Assert.Contains(n, e.Message);
    }

    [Theory]
    [InlineData("fixed:0")]
    [InlineData("fixed:9")]
    [InlineData("fixed:x")]
    public void FixedOutsideTheLayersFails(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create(name, Ctx));
        Assert.Contains("1..3", e.Message);
    }

    [Fact]
    public void OverridesParseInKebabAndPascalCase()
    {
        using var dqn = (DqnAgent)AgentRegistry.Create("dqn", Ctx, new Dictionary<string, string>
        {
            ["lr"] = "3e-4",
            ["epsilon-start"] = "1",
            ["EpsilonEnd"] = "0.1",
            ["double-dqn"] = "false",
            ["buffer-size"] = "500",
        });
        var hp = (DqnAgent.Hyperparameters)dqn.Options;
        Assert.Equal(3e-4, hp.LearningRate);
        Assert.Equal(1.0, hp.EpsilonStart);
        Assert.Equal(0.1, hp.EpsilonEnd);
        Assert.False(hp.DoubleDqn);
        Assert.Equal(500, hp.BufferSize);

        using var pg = AgentRegistry.Create("reinforce-sc", Ctx, new Dictionary<string, string> { ["normalize-advantages"] = "false" });
        Assert.IsAssignableFrom<IGreedyRolloutLearner>(pg);
        Assert.False(((ReinforceSelfCriticalAgent.Hyperparameters)pg.Options).NormalizeAdvantages);
    }

    [Fact]
    public void UnknownOverrideNamesTheKeyAndTheValidKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create("reinforce", Ctx, new Dictionary<string, string> { ["momentum"] = "1" }));
        Assert.Contains("momentum", e.Message);
        Assert.Contains("learning-rate", e.Message);
        Assert.Contains("entropy-coefficient", e.Message);
    }

    [Theory]
    [InlineData("lr", "fast")]
    [InlineData("lr", "-1")]
    [InlineData("hidden", "1.5")]
    [InlineData("baseline", "median")]
    public void BadOverrideValueNamesTheKey(string key, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => AgentRegistry.Create("reinforce", Ctx, new Dictionary<string, string> { [key] = value }));
        Assert.Contains(key == "lr" ? "learning-rate" : key, e.Message.Replace("'lr'", "learning-rate"));
    }

    [Fact]
    public void BaselinesRejectOverrides()
    {
        Assert.Throws<ArgumentException>(() => AgentRegistry.Create("nop", Ctx, new Dictionary<string, string> { ["lr"] = "1" }));
    }

    [Fact]
    public void EveryLearnersHyperparametersAreDocumentedAndInTheHelp()
    {
        string help = AgentRegistry.Help();
        foreach (var spec in AgentRegistry.Specs)
        {
            Assert.Contains(spec.Name, help);
            var hyperparameters = AgentRegistry.Hyperparameters(spec.Name);
            Assert.Equal(spec.IsLearner, hyperparameters.Count > 0);
            Assert.All(hyperparameters, h =>
            {
                Assert.False(string.IsNullOrWhiteSpace(h.Doc));
                Assert.Contains($"  {h.Key} ({h.Type}, default {h.Default})", help);
            });
        }
    }
}
