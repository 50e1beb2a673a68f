using System.Security.Cryptography;

namespace DynaLay.Runs;

/// <summary>
/// The binary file a resumable run saves its state in: a magic string, the body, and the SHA-256 of both,
/// written atomically. Reading checks the checksum first, so a truncated or overwritten file is named as
/// damaged and never half-used.
/// </summary>
public static class StateFile
{
    public static void Write(string path, string magic, Action<BinaryWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(magic);
            body(w);
        }
        byte[] hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        AtomicFile.Write(path, tmp =>
        {
            using var fs = File.Create(tmp);
            fs.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            fs.Write(hash);
        });
    }

    /// <summary>A reader over the body, after the checksum and the magic string were checked.</summary>
    /// <param name="wayOut">What the user can do about a damaged file (appended to the message).</param>
    public static BinaryReader Open(string path, string magic, string wayOut)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 32 || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw Damaged(path, "its checksum does not match: truncated or overwritten", wayOut);
        var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32));
        string found;
        try { found = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException) { found = ""; }
        if (found != magic)
        {
            reader.Dispose();
            throw Damaged(path, $"it is not a {magic} file", wayOut);
        }
        return reader;
    }

    public static RunException Damaged(string path, string why, string wayOut, Exception? inner = null) =>
        inner is null ? new($"{path} is damaged ({why}). {wayOut}") : new($"{path} is damaged ({why}). {wayOut}", inner);
}
