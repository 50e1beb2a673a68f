using DynaLay.Envs.Gym;

namespace DynaLay.Tests.Envs.Gym;

/// <summary>
/// A 1-D corridor of cells <c>0..Length-1</c>. Action 0 moves left (clamped at 0), action 1 moves right; reaching the
/// last cell terminates with reward 1, every other step costs 0.01. The start cell is drawn from <see cref="EnvBase{TObs, TAct}.NpRandom"/>
/// in the left half, so seeding visibly matters. Observation: <c>[cell]</c>.
/// </summary>
public sealed class CorridorEnv : EnvBase<float[], int>
{
    public const double StepCost = 0.01;
    public const string ResetInfoKey = "start";

    private readonly Box _observationSpace;
    private readonly Discrete _actionSpace = new(2);
    private readonly int? _fixedStart;
    private readonly CorridorFault _faults;
    private int _position;

    public CorridorEnv(int length = 6, int? fixedStart = null, CorridorFault faults = CorridorFault.None)
    {
        Length = length;
        _fixedStart = fixedStart;
        _faults = faults;
        _observationSpace = new Box(0f, length - 1, [1]);
        if (faults.HasFlag(CorridorFault.InvalidSpace))
        {
            // Box refuses low > high at construction, so corrupt the exposed bounds afterwards.
            _observationSpace.Low[0] = length + 10;
        }
    }

    public int Length { get; }

    public int StepCalls { get; private set; }

    public int ResetCalls { get; private set; }

    public override ISpace<float[]> ObservationSpace => _observationSpace;

    public override ISpace<int> ActionSpace => _actionSpace;

    public override StepResult<float[]> Step(int action)
    {
        if (!_actionSpace.Contains(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Corridor actions are 0 (left) and 1 (right).");
        }

        StepCalls++;
        _position = Math.Clamp(_position + (action == 1 ? 1 : -1), 0, Length - 1);
        var terminated = _position == Length - 1;
        var reward = terminated ? 1.0 : -StepCost;
        if (_faults.HasFlag(CorridorFault.NanReward))
        {
            reward = double.NaN;
        }

        var observation = Observe();
        if (_faults.HasFlag(CorridorFault.ObservationOutsideSpace))
        {
            observation[0] += 100;
        }

        if (_faults.HasFlag(CorridorFault.InfiniteObservation))
        {
            observation[0] = float.PositiveInfinity;
        }

        return new StepResult<float[]>(observation, reward, terminated, false, new Info());
    }

    protected override (float[] Observation, Info Info) OnReset(IReadOnlyDictionary<string, object>? options)
    {
        ResetCalls++;
        _position = _fixedStart ?? NpRandom.Next(0, Length / 2);
        return (Observe(), new Info { [ResetInfoKey] = _position });
    }

    private float[] Observe() => [_position];
}
