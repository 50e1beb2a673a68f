using System.Runtime.CompilerServices;
namespace DynaLay.Data;

/// <summary>Any labelled text corpus laid out as <c>&lt;root&gt;/&lt;split&gt;/&lt;class&gt;/*.txt</c>.</summary>
internal static class TextFolderLoader
{
    [ModuleInitializer]
    internal static void Register() => DatasetCatalog.Register(new("text-folder", Modality.Text, "<root>/{train,test[,validation|val]}/<class>/*.txt, UTF-8", null, "your own corpus", Load));

    private const string Layout =
        "Lay the corpus out as <root>/train/<class>/*.txt and <root>/test/<class>/*.txt (optionally <root>/validation/ or <root>/val/), one text per file.";

    public static Dataset Load(DatasetOptions options)
    {
        var root = options.DataDir
            ?? throw new DatasetException($"text-folder: no data directory given; text-folder has no default. Pass the corpus root as the data directory. {Layout}");
        if (!Directory.Exists(root))
        {
            throw new DatasetException($"text-folder: directory '{root}' does not exist. {Layout}");
        }

        var trainDirectory = RequireSplit(root, "train");
        var testDirectory = RequireSplit(root, "test");
        var classNames = LabelledTextFolder.ClassFolders(trainDirectory);
        if (classNames.Length == 0)
        {
            throw new DatasetException($"text-folder: '{trainDirectory}' has no class folders. {Layout}");
        }

        var reader = new TextFileReader();
        var train = LabelledTextFolder.ReadSplit("text-folder", trainDirectory, classNames, options, DatasetAssembler.TrainSubsetStream, reader, Layout);
        var test = LabelledTextFolder.ReadSplit("text-folder", testDirectory, classNames, options, DatasetAssembler.TestSubsetStream, reader, Layout);
        var validationDirectory = new[] { "validation", "val" }.Select(s => Path.Combine(root, s)).FirstOrDefault(Directory.Exists);
        var validation = validationDirectory is null
            ? null
            : LabelledTextFolder.ReadSplit("text-folder", validationDirectory, classNames, options, DatasetAssembler.ValidationSubsetStream, reader, Layout);
        return DatasetAssembler.Texts("text-folder", classNames, "from the class folders", train, validation, test, options, root, reader.LossyFiles, reader.Warnings("text-folder"));
    }

    private static string RequireSplit(string root, string split)
    {
        var path = Path.Combine(root, split);
        if (!Directory.Exists(path))
        {
            throw new DatasetException($"text-folder: split folder '{path}' is missing. {Layout}");
        }

        return path;
    }
}
