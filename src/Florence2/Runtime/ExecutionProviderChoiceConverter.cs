using System.ComponentModel;
using System.Globalization;

namespace Florence2.Runtime;

/// <summary>Lets configuration binding read an <see cref="ExecutionProviderChoice"/> from text such as <c>Cuda:1</c>.</summary>
internal sealed class ExecutionProviderChoiceConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? ExecutionProviderChoice.Parse(text) : base.ConvertFrom(context, culture, value);
}
