namespace DynaLay.Envs.Gym;

/// <summary>
/// Steps N sub-environments one after another on the calling thread.
/// </summary>
/// <remarks>
/// <para>Autoreset is always <see cref="AutoresetMode.NextStep"/> (Gymnasium 1.x's default). For sub-env <c>i</c>:</para>
/// <list type="number">
/// <item>A <c>Step</c> that ends its episode (terminated or truncated) returns that episode's final observation,
/// reward, flags and info, exactly as the sub-env produced them; the sub-env is marked for autoreset.</item>
/// <item>The next <c>Step</c> ignores <c>actions[i]</c>, calls the sub-env's <c>Reset()</c> with no seed (its RNG
/// continues, so the run stays reproducible), and returns the reset observation and reset info with reward
/// <c>0</c>, <c>Terminated = false</c>, <c>Truncated = false</c>. Learners must not treat that entry as a transition.</item>
/// <item><see cref="Reset"/> clears every autoreset mark.</item>
/// </list>
/// <para><see cref="Reset"/> with seed <c>s</c> resets sub-env <c>i</c> with seed <c>s + i</c> (unchecked), as Gymnasium does;
/// with a null seed every sub-env continues from its own RNG.</para>
/// <para>Observations are passed through as returned by the sub-envs; an env that reuses one observation buffer
/// across steps must copy before returning.</para>
/// </remarks>
public sealed class SyncVectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>
{
    private readonly IEnv<TObs, TAct>[] _envs;
    private readonly bool[] _autoreset;
    private bool _hasReset;
    private bool _closed;

    /// <param name="envFactories">One factory per sub-environment; each is called once, here.</param>
    public SyncVectorEnv(IEnumerable<Func<IEnv<TObs, TAct>>> envFactories)
    {
        ArgumentNullException.ThrowIfNull(envFactories);
        var factories = envFactories.ToArray();
        if (factories.Length == 0)
        {
            throw new ArgumentException("A vector env needs at least one sub-environment.", nameof(envFactories));
        }

        _envs = new IEnv<TObs, TAct>[factories.Length];
        try
        {
            for (var i = 0; i < factories.Length; i++)
            {
                _envs[i] = factories[i]() ?? throw new ArgumentException($"Env factory {i} returned null.", nameof(envFactories));
            }
        }
        catch
        {
            // Sub-envs may hold native resources; do not leak the ones already built.
            foreach (var env in _envs)
            {
                env?.Close();
            }

            throw;
        }

        _autoreset = new bool[factories.Length];
        SingleObservationSpace = _envs[0].ObservationSpace;
        SingleActionSpace = _envs[0].ActionSpace;
    }

    /// <inheritdoc />
    public int NumEnvs => _envs.Length;

    /// <inheritdoc />
    public ISpace<TObs> SingleObservationSpace { get; }

    /// <inheritdoc />
    public ISpace<TAct> SingleActionSpace { get; }

    /// <inheritdoc />
    public AutoresetMode AutoresetMode => AutoresetMode.NextStep;

    /// <summary>The sub-environments, in index order.</summary>
    public IReadOnlyList<IEnv<TObs, TAct>> Envs => _envs;

    /// <summary>Which sub-envs will be reset (ignoring their action) by the next <see cref="Step"/>.</summary>
    public IReadOnlyList<bool> PendingAutoreset => _autoreset;

    /// <summary>The seed sub-env <paramref name="index"/> receives when the vector env is reset with <paramref name="seed"/>.</summary>
    public static int SubEnvSeed(int seed, int index) => unchecked(seed + index);

    /// <inheritdoc />
    public (TObs[] Observations, Info[] Infos) Reset(int? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ThrowIfClosed();
        var observations = new TObs[NumEnvs];
        var infos = new Info[NumEnvs];
        for (var i = 0; i < NumEnvs; i++)
        {
            int? subSeed = seed is int s ? SubEnvSeed(s, i) : null;
            (observations[i], infos[i]) = _envs[i].Reset(subSeed, options);
            infos[i] ??= new Info();
        }

        Array.Clear(_autoreset);
        _hasReset = true;
        return (observations, infos);
    }

    /// <inheritdoc />
    public VectorStepResult<TObs> Step(TAct[] actions)
    {
        ThrowIfClosed();
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Length != NumEnvs)
        {
            throw new ArgumentException($"Expected {NumEnvs} actions, got {actions.Length}.", nameof(actions));
        }

        if (!_hasReset)
        {
            throw new InvalidOperationException("Cannot call Step before Reset: call Reset before Step.");
        }

        var observations = new TObs[NumEnvs];
        var rewards = new double[NumEnvs];
        var terminated = new bool[NumEnvs];
        var truncated = new bool[NumEnvs];
        var infos = new Info[NumEnvs];
        for (var i = 0; i < NumEnvs; i++)
        {
            if (_autoreset[i])
            {
                (observations[i], infos[i]) = _envs[i].Reset();
                _autoreset[i] = false;
            }
            else
            {
                var result = _envs[i].Step(actions[i]);
                observations[i] = result.Observation;
                rewards[i] = result.Reward;
                terminated[i] = result.Terminated;
                truncated[i] = result.Truncated;
                infos[i] = result.Info;
                _autoreset[i] = result.Terminated || result.Truncated;
            }

            infos[i] ??= new Info();
        }

        return new VectorStepResult<TObs>(observations, rewards, terminated, truncated, infos);
    }

    /// <inheritdoc />
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        List<Exception>? errors = null;
        foreach (var env in _envs)
        {
            try
            {
                env.Close();
            }
            catch (Exception ex)
            {
                // Keep closing the rest; one failing sub-env must not leak the others.
                (errors ??= []).Add(ex);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("Closing sub-environments failed.", errors);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);
}
