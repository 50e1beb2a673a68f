namespace DynaLay.Agents;

/// <summary>A fixed-capacity ring of transitions in host arrays, sampled uniformly with a seeded RNG.</summary>
internal sealed class ReplayBuffer
{
    private readonly int d;
    private readonly float[] obs;
    private readonly float[] next;
    private readonly long[] actions;
    private readonly float[] rewards;
    private readonly float[] done;
    private int head;

    public ReplayBuffer(int capacity, int observationSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        d = observationSize;
        obs = new float[capacity * d];
        next = new float[capacity * d];
        actions = new long[capacity];
        rewards = new float[capacity];
        done = new float[capacity];
    }

    public int Capacity { get; }
    public int Count { get; private set; }

    public void Add(RolloutData data)
    {
        for (int r = 0; r < data.Count; r++)
        {
            Array.Copy(data.Observations, r * d, obs, head * d, d);
            Array.Copy(data.NextObservations, r * d, next, head * d, d);
            actions[head] = data.Actions[r];
            rewards[head] = data.Rewards[r];
            done[head] = data.Final[r] ? 1f : 0f;
            head = (head + 1) % Capacity;
            Count = Math.Min(Count + 1, Capacity);
        }
    }

    public (float[] Obs, long[] Actions, float[] Rewards, float[] Next, float[] Done) Sample(int n, Random rng)
    {
        var o = new float[n * d];
        var nx = new float[n * d];
        var a = new long[n];
        var r = new float[n];
        var dn = new float[n];
        for (int j = 0; j < n; j++)
        {
            int i = rng.Next(Count);
            Array.Copy(obs, i * d, o, j * d, d);
            Array.Copy(next, i * d, nx, j * d, d);
            a[j] = actions[i];
            r[j] = rewards[i];
            dn[j] = done[i];
        }
        return (o, a, r, nx, dn);
    }
}
