using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Florence2.Hosting;

/// <summary>
/// Checks a configuration section against the options type it will be bound to, before binding: every key must name a
/// setting (a typo such as <c>DecoderVarient</c> is named, with the nearest valid key), and every value must read as
/// its setting's type (enum names are listed). The configuration binder alone ignores unknown keys and reports a bad
/// value without the values allowed, and only one at a time; this reports all of them at once. Written here because
/// the binder's own <c>ErrorOnUnknownConfiguration</c> stops at the first key and suggests nothing.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>One message per problem in <paramref name="section"/>, read as <paramref name="type"/>; empty when it binds cleanly.</summary>
    public static List<string> Problems(IConfiguration section, Type type)
    {
        var problems = new List<string>();
        CheckObject(section, type, path: "", problems);
        return problems;
    }

    /// <summary>
    /// The section without the top-level keys that have a problem, so that binding the rest cannot throw and the
    /// problems are reported by validation, all at once.
    /// </summary>
    public static IConfiguration WithoutProblems(IConfiguration section, Type type)
    {
        var settings = Settings(type);
        var bad = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var problems = new List<string>();
            if (settings.TryGetValue(child.Key, out var property))
            {
                CheckValue(child, property.PropertyType, child.Key, problems);
            }

            if (problems.Count > 0 || property is null)
            {
                bad.Add(child.Key);
            }
        }

        var kept = section.AsEnumerable(makePathsRelative: true).Where(pair => !bad.Contains(pair.Key.Split(':')[0]));
        return new ConfigurationBuilder().AddInMemoryCollection(kept).Build();
    }

    private static void CheckObject(IConfiguration section, Type type, string path, List<string> problems)
    {
        var settings = Settings(type);
        foreach (var child in section.GetChildren())
        {
            var childPath = Join(path, child.Key);
            if (!settings.TryGetValue(child.Key, out var property))
            {
                problems.Add($"'{childPath}' is not a setting. {Suggestion(child.Key, type, path)}");
                continue;
            }

            CheckValue(child, property.PropertyType, childPath, problems);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var hasChildren = section.GetChildren().Any();
        if (IsCodeOnly(type))
        {
            problems.Add($"'{path}' can only be set in code (it is a {type.Name}); use the registration's Configure callback.");
            return;
        }

        if (IsScalar(type))
        {
            if (hasChildren)
            {
                problems.Add($"'{path}' takes a single value, not a section.");
            }
            else if (section.Value is { } text && Problem(text, type) is { } problem)
            {
                problems.Add($"'{path}' is '{text}': {problem}");
            }

            return;
        }

        if (!hasChildren)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                problems.Add($"'{path}' is a section ({Describe(type)}), not a single value '{section.Value}'.");
            }

            return;
        }

        if (DictionaryTypes(type) is var (keyType, valueType))
        {
            foreach (var child in section.GetChildren())
            {
                if (Problem(child.Key, keyType) is { } keyProblem)
                {
                    problems.Add($"'{Join(path, child.Key)}': the key {keyProblem}");
                }
                else
                {
                    CheckValue(child, valueType, Join(path, child.Key), problems);
                }
            }
        }
        else if (ElementType(type) is { } elementType)
        {
            foreach (var child in section.GetChildren())
            {
                CheckValue(child, elementType, Join(path, child.Key), problems);
            }
        }
        else
        {
            CheckObject(section, type, path, problems);
        }
    }

    /// <summary>Why <paramref name="text"/> is not a <paramref name="type"/>, or null when it is.</summary>
    private static string? Problem(string text, Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsEnum)
        {
            return EnumProblem(text, type);
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(text, out _) ? null : "expected true or false.";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && (type == typeof(long) || number is >= int.MinValue and <= int.MaxValue)
                ? null
                : "expected a whole number.";
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "expected a number.";
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException)
        {
            return e.Message;
        }
    }

    /// <summary>Enum values are read by name only (the binder would also take numbers such as "7"); flags may be combined with commas.</summary>
    private static string? EnumProblem(string text, Type type)
    {
        var names = Enum.GetNames(type);
        var parts = type.IsDefined(typeof(FlagsAttribute)) ? text.Split(',') : [text];
        foreach (var part in parts)
        {
            var name = part.Trim();
            if (!names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
            {
                return $"use {(parts.Length > 1 || type.IsDefined(typeof(FlagsAttribute)) ? "names among" : "one of")} {string.Join(", ", names)} (any case).";
            }
        }

        return null;
    }

    private static Dictionary<string, PropertyInfo> Settings(Type type)
    {
        var settings = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                settings[property.Name] = property;
            }
        }

        return settings;
    }

    private static bool IsScalar(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal)
        || (TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)) && !typeof(IEnumerable).IsAssignableFrom(type));

    private static bool IsCodeOnly(Type type) =>
        typeof(Delegate).IsAssignableFrom(type) || (type.IsInterface && !typeof(IEnumerable).IsAssignableFrom(type));

    private static (Type Key, Type Value)? DictionaryTypes(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>)))
            {
                var arguments = candidate.GetGenericArguments();
                return (arguments[0], arguments[1]);
            }
        }

        return null;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static string Describe(Type type) =>
        DictionaryTypes(type) is not null ? "a map"
        : ElementType(type) is not null ? "a list, written Key:0, Key:1, ... or as a JSON array"
        : "settings " + string.Join(", ", Settings(type).Keys.Order(StringComparer.Ordinal));

    /// <summary>
    /// The nearest valid key, also among nested ones (so that an old flat key such as <c>DecoderVariant</c> points to
    /// <c>Variants:Decoder</c>), or the list of keys valid at that level.
    /// </summary>
    private static string Suggestion(string key, Type type, string path)
    {
        var candidates = new List<(string Alias, string Path)>();
        foreach (var (name, property) in Settings(type))
        {
            candidates.Add((name, Join(path, name)));
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!IsScalar(propertyType) && !IsCodeOnly(propertyType) && ElementType(propertyType) is null && DictionaryTypes(propertyType) is null)
            {
                var parent = name.EndsWith('s') ? name[..^1] : name;
                foreach (var leaf in Settings(propertyType).Keys)
                {
                    var nested = Join(Join(path, name), leaf);
                    candidates.Add((leaf, nested));
                    candidates.Add((leaf + parent, nested));
                    candidates.Add((parent + leaf, nested));
                }
            }
        }

        var best = candidates.MinBy(c => Distance(key, c.Alias));
        var limit = Math.Max(2, key.Length / 4);
        return best.Alias is not null && Distance(key, best.Alias) <= limit
            ? $"Did you mean '{best.Path}'?"
            : $"Valid here: {string.Join(", ", Settings(type).Keys.Order(StringComparer.Ordinal))}.";
    }

    /// <summary>Levenshtein distance, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + ":" + key;
}
