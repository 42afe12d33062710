using Florence2.Architecture;

return ArchitectureApp.Run(args, Console.Out, Console.Error);
