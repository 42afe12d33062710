using System.Reflection;
using System.Text.RegularExpressions;
using Florence2.Tests.Support;

namespace Florence2.Tests.Hosting;

/// <summary>
/// docs/hosting.md's "Configuration keys" table lists every key that configuration binds on <see cref="Florence2Options"/>
/// (public settable properties, nested options as <c>Section:Key</c>), and names the code-only ones (delegates and
/// interfaces, which configuration cannot bind) in the sentence after it.
/// </summary>
public sealed partial class HostingConfigurationDocTests
{
    [Fact]
    public void The_configuration_table_lists_every_bindable_key_and_no_other()
    {
        var (tableKeys, afterTable) = DocumentedKeys();
        var (bindable, codeOnly) = Keys(typeof(Florence2Options), prefix: "");

        Assert.Equal(bindable.Order(StringComparer.Ordinal), tableKeys.Order(StringComparer.Ordinal));
        Assert.All(codeOnly, name => Assert.Contains($"`{name}`", afterTable, StringComparison.Ordinal));
    }

    private static (List<string> Bindable, List<string> CodeOnly) Keys(Type type, string prefix)
    {
        var bindable = new List<string>();
        var codeOnly = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var name = prefix + property.Name;
            var t = property.PropertyType;
            if (typeof(Delegate).IsAssignableFrom(t) || (t.IsInterface && !t.IsGenericType))
            {
                codeOnly.Add(name);
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            {
                bindable.Add(name + ":<" + t.GetGenericArguments()[0].Name.Replace("Model", "", StringComparison.Ordinal) + ">");
            }
            else if (t.IsClass && t != typeof(string) && !t.IsGenericType)
            {
                var (inner, innerCodeOnly) = Keys(t, name + ":");
                bindable.AddRange(inner);
                codeOnly.AddRange(innerCodeOnly);
            }
            else
            {
                bindable.Add(name);
            }
        }

        return (bindable, codeOnly);
    }

    /// <summary>The backticked keys of the table's first column, and the paragraph that follows the table.</summary>
    private static (List<string> Keys, string AfterTable) DocumentedKeys()
    {
        var doc = File.ReadAllText(RepositoryFiles.Path("docs/hosting.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = doc.IndexOf("### Configuration keys", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/hosting.md has no '### Configuration keys' section.");
        var lines = doc[start..].Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("| key |", StringComparison.Ordinal));
        var rows = lines.Skip(first + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        var keys = rows.SelectMany(r => Backticked().Matches(r.Split('|')[1]).Select(m => m.Groups[1].Value)).ToList();
        var afterTable = string.Join('\n', lines.Skip(first + 2 + rows.Count).Take(4));
        return (keys, afterTable);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
