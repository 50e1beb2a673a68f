namespace DynaLay.Agents;

/// <summary>What REINFORCE subtracts from the return to lower the gradient's variance.</summary>
public enum ReinforceBaseline
{
    /// <summary>An exponential moving average of past episode returns.</summary>
    MovingAverage,

    /// <summary>The return of the greedy policy on the same sample (Rennie et al. 2017; BlockDrop's choice).</summary>
    SelfCritical,

    /// <summary>A learned state value v(s), fitted to the reward-to-go (Sutton &amp; Barto's REINFORCE with baseline).</summary>
    Value,
}
