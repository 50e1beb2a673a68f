using System.Runtime.CompilerServices;
namespace DynaLay.Data;

/// <summary>
/// Seeded documents in 4 classes. Each class owns a few keywords; the rest of a document is neutral filler and
/// a sprinkling of other classes' keywords. Difficulty is the share of non-keyword tokens, capped so that a
/// hardest document still has its own keywords more often than any other class's.
/// </summary>
internal static class SyntheticText
{
    [ModuleInitializer]
    internal static void Register() => DatasetCatalog.Register(new("synthetic-text", Modality.Text, "generated from the seed, 4 classes, per-sample difficulty", null, "built in", Load));

    /// <summary>The dataset: train and test generated from the seed (see <see cref="DatasetOptions.SyntheticSizes"/>).</summary>
    public static Dataset Load(DatasetOptions options)
    {
        var (trainCount, testCount) = options.SyntheticSizes(DatasetOptions.SyntheticTextTrainDefault);
        var train = Generate(trainCount, Seeds.Derive(options.Seed, 20), options.MaxLength);
        var test = Generate(testCount, Seeds.Derive(options.Seed, 21), options.MaxLength);
        return DatasetAssembler.Texts("synthetic-text", ClassNames, "built in", train, null, test, options, null);
    }

    public static readonly string[] ClassNames = ["alpha", "beta", "gamma", "delta"];

    private const int KeywordsPerClass = 8;
    private const int NeutralWords = 120;
    private const double MaxDistractorShare = 0.9;
    private const double CrossClassShare = 0.2;

    public static List<TextDocument> Generate(int count, int seed, int maxLength)
    {
        var random = new Random(seed);
        var minLength = Math.Max(1, maxLength / 2);
        var documents = new List<TextDocument>(count);
        var words = new List<string>(maxLength);
        for (var i = 0; i < count; i++)
        {
            var label = random.Next(ClassNames.Length);
            var difficulty = (float)random.NextDouble();
            var keywordShare = 1 - MaxDistractorShare * difficulty;
            var length = random.Next(minLength, maxLength + 1);
            words.Clear();
            for (var t = 0; t < length; t++)
            {
                if (random.NextDouble() < keywordShare)
                {
                    words.Add(Keyword(label, random.Next(KeywordsPerClass)));
                }
                else if (random.NextDouble() < CrossClassShare)
                {
                    var other = (label + 1 + random.Next(ClassNames.Length - 1)) % ClassNames.Length;
                    words.Add(Keyword(other, random.Next(KeywordsPerClass)));
                }
                else
                {
                    words.Add($"word{random.Next(NeutralWords)}");
                }
            }

            documents.Add(new TextDocument(string.Join(' ', words), label, difficulty));
        }

        return documents;
    }

    private static string Keyword(int label, int index) => $"{ClassNames[label]}{index}";
}
