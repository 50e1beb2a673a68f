using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

/// <summary>
/// Implements <see cref="IEnv{TObs, TAct}"/> directly (no <see cref="EnvBase{TObs, TAct}"/>) with an <c>int</c>
/// observation: guess a coin (0 or 1) drawn from the env's RNG; the observation is the last coin, episodes last 3 guesses.
/// </summary>
public sealed class CoinEnv : IEnv<int, int>
{
    private Random _random = new();
    private int _coin;
    private int _steps;

    public ISpace<int> ObservationSpace { get; } = new Discrete(2);

    public ISpace<int> ActionSpace { get; } = new Discrete(2);

    public Random NpRandom => _random;

    public (int Observation, Info Info) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is int s)
        {
            _random = GymRandom.Create(s);
        }

        _steps = 0;
        _coin = _random.Next(2);
        return (_coin, new Info());
    }

    public StepResult<int> Step(int action)
    {
        var reward = action == _coin ? 1.0 : 0.0;
        _coin = _random.Next(2);
        _steps++;
        return new StepResult<int>(_coin, reward, _steps >= 3, false, new Info());
    }

    public void Close()
    {
    }

    public void Dispose()
    {
    }
}
