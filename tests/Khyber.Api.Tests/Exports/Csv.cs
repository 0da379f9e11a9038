using System.Text;

namespace Khyber.Api.Tests.Exports;

/// <summary>Reads RFC 4180 CSV as the export writes it (UTF-8 with a byte order mark, CRLF), into rows by column name.</summary>
public static class Csv
{
    public static (string[] Header, List<Dictionary<string, string>> Rows) Read(byte[] bytes)
    {
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no UTF-8 byte order mark");
        var records = Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var header = records[0];
        var rows = records.Skip(1).Select(r =>
        {
            Assert.True(r.Count == header.Count, $"a row of {r.Count} fields under a header of {header.Count}");
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
        return ([.. header], rows);
    }

    private static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }
        Assert.True(field.Length == 0 && record.Count == 0, "the last record does not end with CRLF");
        return records;
    }
}
