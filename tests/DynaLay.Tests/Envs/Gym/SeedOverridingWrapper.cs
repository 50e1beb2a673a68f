using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

/// <summary>A deliberately broken wrapper: replaces the seed given to Reset, e.g. dropping it or pinning it to a constant.</summary>
public sealed class SeedOverridingWrapper<TObs, TAct>(IEnv<TObs, TAct> env, Func<int?, int?> overrideSeed) : Wrapper<TObs, TAct>(env)
{
    public override (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
        => Env.Reset(overrideSeed(seed), options);
}
