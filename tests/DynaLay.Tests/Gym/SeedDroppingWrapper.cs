using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Gym;

/// <summary>A deliberately broken wrapper: resets without passing the seed on, so the env's RNG is never seeded.</summary>
public sealed class SeedDroppingWrapper<TObs, TAct>(IEnv<TObs, TAct> env) : Wrapper<TObs, TAct>(env)
{
    public override (TObs Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
        => Env.Reset(null, options);
}
