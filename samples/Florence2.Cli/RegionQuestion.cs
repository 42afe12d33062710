namespace Florence2.Cli;

/// <summary>What the region command asks about its region.</summary>
internal enum RegionQuestion
{
    Describe,
    Category,
    Ocr,
}
