namespace DynaLay.Envs.Gym;

/// <summary>Summary of one finished episode, written by <see cref="RecordEpisodeStatistics{TObs, TAct}"/>.</summary>
/// <param name="Return">Undiscounted sum of rewards.</param>
/// <param name="Length">Number of steps.</param>
/// <param name="Seconds">Wall-clock time from reset to the final step.</param>
public sealed record EpisodeStatistics(double Return, int Length, double Seconds)
{
    /// <summary>The info key the statistics are stored under (Gymnasium's <c>"episode"</c>).</summary>
    public const string InfoKey = "episode";
}
