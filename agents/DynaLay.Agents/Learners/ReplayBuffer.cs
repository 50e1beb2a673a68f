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

    /// <summary>Writes the stored transitions and the ring's position (for an exact resume).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Capacity);
        writer.Write(d);
        writer.Write(head);
        writer.Write(Count);
        // Count * width, not Count * Length / Capacity: that product overflows an int once the buffer holds about
        // 2^31 / (Capacity * width) transitions (929 of width 231 in a buffer of 10,000).
        foreach (var a in new[] { obs, next, rewards, done }) writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan(0, Count * (a.Length / Capacity))));
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(actions.AsSpan(0, Count)));
    }

    /// <summary>Restores what <see cref="Write"/> wrote into a buffer of the same capacity and width.</summary>
    public void Read(BinaryReader reader)
    {
        int capacity = reader.ReadInt32(), width = reader.ReadInt32();
        if (capacity != Capacity || width != d)
            throw new InvalidDataException($"The saved replay buffer holds {capacity} transitions of width {width}; this one {Capacity} of width {d}.");
        head = reader.ReadInt32();
        Count = reader.ReadInt32();
        if (head < 0 || head >= Capacity || Count < 0 || Count > Capacity) throw new InvalidDataException("The saved replay buffer's position is out of range.");
        foreach (var a in new[] { obs, next, rewards, done }) reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan(0, Count * (a.Length / Capacity))));
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(actions.AsSpan(0, Count)));
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
