namespace Florence2.TestModels; internal static class Program { private static int Main() => 0; }
