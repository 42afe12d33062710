using Florence2.Runtime;

namespace Florence2.Tests.Runtime;

public sealed class NativeHeapTests
{
    [Fact]
    public void Trimming_is_called_with_glibc_and_skipped_elsewhere()
    {
        // glibc has malloc_trim; musl, Windows and macOS do not, and there nothing is called and nothing throws.
        var glibc = OperatingSystem.IsLinux() && !System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        Assert.Equal(glibc, NativeHeap.Trim());
    }

    [Fact]
    public void Memory_pattern_is_off_unless_asked_for()
    {
        using var byDefault = SessionFactory.CreateSessionOptions(new SessionSettings());
        using var asked = SessionFactory.CreateSessionOptions(new SessionSettings { EnableMemoryPattern = true });

        Assert.False(byDefault.EnableMemoryPattern);
        Assert.True(asked.EnableMemoryPattern);
    }
}
