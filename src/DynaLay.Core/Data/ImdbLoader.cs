using System.Runtime.CompilerServices;
namespace DynaLay.Data;

/// <summary>The Large Movie Review Dataset in its official aclImdb tree: label 0 = neg, 1 = pos.</summary>
internal static class ImdbLoader
{
    [ModuleInitializer]
    internal static void Register() => DatasetCatalog.Register(new("imdb", Modality.Text, "aclImdb/{train,test}/{pos,neg}/*.txt, 2 classes", DefaultDirectory, Source, Load));

    public const string DefaultDirectory = "data/aclImdb";
    public const string Source = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";

    private static readonly string[] ClassNames = ["neg", "pos"];

    private static readonly string FixHint = $"Unpack {Source} again and pass the aclImdb directory (or its parent) as the data directory.";

    public static Dataset Load(DatasetOptions options)
    {
        var root = Resolve(options.DataDir ?? DefaultDirectory);
        var reader = new TextFileReader();
        var train = LabelledTextFolder.ReadSplit("imdb", Path.Combine(root, "train"), ClassNames, options, DatasetAssembler.TrainSubsetStream, reader, FixHint);
        var test = LabelledTextFolder.ReadSplit("imdb", Path.Combine(root, "test"), ClassNames, options, DatasetAssembler.TestSubsetStream, reader, FixHint);
        return DatasetAssembler.Texts("imdb", ClassNames, "from the folders neg and pos", train, validation: null, test, options, root, reader.LossyFiles, reader.Warnings("imdb"));
    }

    private static string Resolve(string directory)
    {
        foreach (var candidate in new[] { directory, Path.Combine(directory, "aclImdb") })
        {
            if (Directory.Exists(Path.Combine(candidate, "train")) && Directory.Exists(Path.Combine(candidate, "test")))
            {
                return candidate;
            }
        }

        throw new DatasetException(
            $"imdb: '{directory}' holds no aclImdb tree. Expected aclImdb/train/pos/*.txt, aclImdb/train/neg/*.txt, aclImdb/test/pos/*.txt and aclImdb/test/neg/*.txt " +
            $"in it (or it may be the aclImdb directory itself). Download and unpack {Source}, then pass that directory as the data directory.");
    }
}
