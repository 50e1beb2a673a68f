namespace DynaLay.Data;

/// <summary>Reads a <c>&lt;split&gt;/&lt;class&gt;/*.txt</c> tree, shared by imdb and text-folder.</summary>
internal static class LabelledTextFolder
{
    /// <summary>Ordinally sorted sub-directory names: the class list, label ids by position.</summary>
    public static string[] ClassFolders(string splitDirectory) =>
        [.. Directory.GetDirectories(splitDirectory).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every file of the split, labelled by its class folder. With a <see cref="DatasetOptions.Limit"/> only the
    /// seeded subset is read, so quick runs on a big corpus stay quick.
    /// </summary>
    public static List<TextDocument> ReadSplit(
        string datasetName,
        string splitDirectory,
        IReadOnlyList<string> classNames,
        DatasetOptions options,
        int subsetStream,
        TextFileReader reader,
        string fixHint)
    {
        foreach (var folder in ClassFolders(splitDirectory))
        {
            if (!classNames.Contains(folder, StringComparer.Ordinal) && !IsIgnoredFolder(datasetName, folder))
            {
                throw new DatasetException(
                    $"{datasetName}: class folder '{Path.Combine(splitDirectory, folder)}' has no counterpart among the training classes ({string.Join(", ", classNames)}). " +
                    $"Rename or remove it, or add the class to the training split. {fixHint}");
            }
        }

        var files = new List<(string Path, long Label)>();
        for (var label = 0; label < classNames.Count; label++)
        {
            var classDirectory = Path.Combine(splitDirectory, classNames[label]);
            if (!Directory.Exists(classDirectory))
            {
                throw new DatasetException(
                    $"{datasetName}: class folder '{classDirectory}' is missing; every split needs one folder per class ({string.Join(", ", classNames)}). {fixHint}");
            }

            var classFiles = Directory.GetFiles(classDirectory, "*.txt").Order(StringComparer.Ordinal).ToArray();
            if (classFiles.Length == 0)
            {
                throw new DatasetException(
                    $"{datasetName}: class folder '{classDirectory}' holds no .txt files. Put the class's texts there as one .txt file each, or remove the folder. {fixHint}");
            }

            files.AddRange(classFiles.Select(f => (f, (long)label)));
        }

        var chosen = DatasetAssembler.Subset(files.Count, options, subsetStream);
        return [.. chosen.Select(i => new TextDocument(reader.Read(files[i].Path), files[i].Label))];
    }

    // aclImdb keeps an unlabelled "unsup" folder next to pos/neg in train/; it is not a class.
    private static bool IsIgnoredFolder(string datasetName, string folder) =>
        datasetName == "imdb" && folder == "unsup";
}
