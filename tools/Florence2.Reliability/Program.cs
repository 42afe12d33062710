using Florence2.Reliability;

return ReliabilityApp.Run(args, Console.Out);
