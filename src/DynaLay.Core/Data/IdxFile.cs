using System.Buffers.Binary;
using System.IO.Compression;

namespace DynaLay.Data;

/// <summary>Reads IDX files (the MNIST family's format), raw or gzipped, checking the header against the data.</summary>
internal static class IdxFile
{
    public const int UnsignedByteImages = 0x00000803;
    public const int UnsignedByteLabels = 0x00000801;

    /// <summary>The dimensions from the header and the payload, which must be exactly as long as they announce.</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path, int expectedMagic, string redownload)
    {
        var bytes = ReadMaybeGzipped(path, redownload);
        if (bytes.Length < 4)
        {
            throw new DatasetException($"IDX file '{path}' is only {bytes.Length} bytes long, too short for a header; it is truncated. {redownload}");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new DatasetException(
                $"IDX file '{path}' has magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} ({Describe(expectedMagic)}); it is not the right file or is corrupt. {redownload}");
        }

        var rank = expectedMagic & 0xFF;
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
        {
            throw new DatasetException($"IDX file '{path}' ends inside its {headerLength}-byte header; it is truncated. {redownload}");
        }

        var dimensions = new int[rank];
        long payload = 1;
        for (var d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dimensions[d] <= 0)
            {
                throw new DatasetException($"IDX file '{path}' announces dimension {d} of size {dimensions[d]}; it is corrupt. {redownload}");
            }

            payload *= dimensions[d];
        }

        if (bytes.Length - headerLength != payload)
        {
            var recordSize = payload / dimensions[0];
            throw new DatasetException(
                $"IDX file '{path}' holds {bytes.Length - headerLength} bytes of data but its header announces {string.Join(" x ", dimensions)} = {payload} bytes " +
                $"({dimensions[0]} records of {recordSize} bytes); it is {(bytes.Length - headerLength < payload ? "truncated" : "followed by extra bytes")}. {redownload}");
        }

        return (dimensions, bytes[headerLength..]);
    }

    private static byte[] ReadMaybeGzipped(string path, string redownload)
    {
        var raw = File.ReadAllBytes(path);
        // Test the gzip magic rather than trusting the extension: some mirrors serve decompressed files under .gz names.
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"IDX file '{path}' is not a valid gzip stream ({e.Message}); it is truncated or corrupt. {redownload}", e);
        }
    }

    private static string Describe(int magic) => magic switch
    {
        UnsignedByteImages => "unsigned-byte images, 3 dimensions",
        UnsignedByteLabels => "unsigned-byte labels, 1 dimension",
        _ => "unsigned bytes",
    };
}
