using System.Text;

namespace DynaLay.Data;

/// <summary>
/// What a classifier should read of an RFC 822 mail message. The header block (everything before the first
/// empty line) is mostly routing: Received lines, server names, message ids and dates, hundreds of tokens that
/// say which servers and which months a collection went through rather than what the message says, and that
/// fill a 128-token window before the body starts. Only the Subject line is kept from it.
/// </summary>
public static class MailText
{
    /// <summary>
    /// The Subject (its folded continuation lines joined), an empty line, then the body. A text without a header
    /// block (no "Name: value" first line) is returned as it is.
    /// </summary>
    public static string SubjectAndBody(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        if (lines.Length == 0 || !IsHeaderStart(lines[0])) return message;

        int end = Array.IndexOf(lines, string.Empty);
        if (end < 0) end = lines.Length;
        var subject = new StringBuilder();
        for (int i = 0; i < end; i++)
        {
            if (!lines[i].StartsWith("Subject:", StringComparison.OrdinalIgnoreCase)) continue;
            subject.Append(lines[i].AsSpan("Subject:".Length).Trim());
            for (int j = i + 1; j < end && lines[j].Length > 0 && lines[j][0] is ' ' or '\t'; j++)
                subject.Append(' ').Append(lines[j].AsSpan().Trim());
            break;
        }

        var body = end < lines.Length ? string.Join('\n', lines, end + 1, lines.Length - end - 1) : string.Empty;
        return $"{subject}\n\n{body}";
    }

    /// <summary>An mbox "From " line or a "Name: value" header field.</summary>
    private static bool IsHeaderStart(string line)
    {
        if (line.StartsWith("From ", StringComparison.Ordinal)) return true;
        int colon = line.IndexOf(':');
        return colon > 0 && line.AsSpan(0, colon).IndexOfAny(' ', '\t') < 0;
    }
}
