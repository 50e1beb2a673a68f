using System.Text;

namespace DynaLay.Tests.Core.Logging;

/// <summary>
/// A reader for TensorBoard event files written for these tests, independent of the writer: TFRecord framing
/// (uint64 length, uint32 masked CRC-32C of the length, the data, uint32 masked CRC-32C of the data, all
/// little-endian) around Event protobufs, of which it decodes what the tests look at.
/// </summary>
public static class EventFile
{
    public enum Kind { Scalar, Histogram, Text, Other }

    /// <summary>One Summary.Value: its tag and, for a scalar, simple_value.</summary>
    public sealed record Value(long Step, string Tag, Kind Kind, float Scalar);

    public sealed record Contents(string? FileVersion, List<Value> Values);

    /// <summary>Reads every record, checking both CRCs of each (a torn or corrupt record is an error).</summary>
    public static Contents Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        string? version = null;
        var values = new List<Value>();
        int at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: {bytes.Length - at} bytes left at {at}, too few for a record header");
            ulong length = BitConverter.ToUInt64(bytes, at);
            uint lengthCrc = BitConverter.ToUInt32(bytes, at + 8);
            if (MaskedCrc(bytes.AsSpan(at, 8)) != lengthCrc) throw new InvalidDataException($"{path}: bad length CRC at {at}");
            int start = at + 12;
            if ((ulong)(bytes.Length - start) < length + 4) throw new InvalidDataException($"{path}: record at {at} is cut short");
            var data = bytes.AsSpan(start, (int)length);
            if (MaskedCrc(data) != BitConverter.ToUInt32(bytes, start + (int)length)) throw new InvalidDataException($"{path}: bad data CRC at {at}");
            ParseEvent(data, ref version, values);
            at = start + (int)length + 4;
        }
        return new Contents(version, values);
    }

    // Event: 1 wall_time (double), 2 step (int64), 3 file_version (string), 5 summary (Summary).
    private static void ParseEvent(ReadOnlySpan<byte> data, ref string? version, List<Value> values)
    {
        long step = 0;
        var summaries = new List<byte[]>();
        foreach (var (field, wire, number, payload) in Fields(data))
        {
            if (field == 2 && wire == 0) step = (long)number;
            else if (field == 3 && wire == 2) version = Encoding.UTF8.GetString(payload);
            else if (field == 5 && wire == 2) summaries.Add(payload);
        }
        // Summary: 1 value (repeated Summary.Value).
        foreach (var summary in summaries)
            foreach (var (field, wire, _, payload) in Fields(summary))
                if (field == 1 && wire == 2) values.Add(ParseValue(step, payload));
    }

    // Summary.Value: 1 tag, 2 simple_value (float), 5 histo (HistogramProto), 8 tensor (the text plugin's string tensor).
    private static Value ParseValue(long step, byte[] data)
    {
        string tag = "";
        var kind = Kind.Other;
        float scalar = float.NaN;
        foreach (var (field, wire, number, payload) in Fields(data))
        {
            if (field == 1 && wire == 2) tag = Encoding.UTF8.GetString(payload);
            else if (field == 2 && wire == 5) (kind, scalar) = (Kind.Scalar, BitConverter.Int32BitsToSingle((int)number));
            else if (field == 5 && wire == 2) kind = Kind.Histogram;
            else if (field == 8 && wire == 2) kind = Kind.Text;
        }
        return new Value(step, tag, kind, scalar);
    }

    /// <summary>The fields of a protobuf message: number, wire type, the value (varint / fixed) or the bytes (length-delimited).</summary>
    private static List<(int Field, int Wire, ulong Number, byte[] Payload)> Fields(ReadOnlySpan<byte> data)
    {
        var fields = new List<(int, int, ulong, byte[])>();
        int at = 0;
        while (at < data.Length)
        {
            ulong key = Varint(data, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, Varint(data, ref at), [])); break;
                case 1: fields.Add((field, wire, BitConverter.ToUInt64(data.Slice(at, 8)), [])); at += 8; break;
                case 5: fields.Add((field, wire, BitConverter.ToUInt32(data.Slice(at, 4)), [])); at += 4; break;
                case 2:
                    int length = (int)Varint(data, ref at);
                    fields.Add((field, wire, 0, data.Slice(at, length).ToArray()));
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire} at {at}");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>CRC-32C (Castagnoli), masked as TFRecord does: rotated right by 15 bits plus 0xa282ead8.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xff] ^ (crc >> 8);
        crc ^= 0xFFFFFFFFu;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
