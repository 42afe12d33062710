// The model folder comes from appsettings.json (Florence2:ModelPath) or the command line:
//   dotnet run --project samples/Florence2.WebApi -- --Florence2:ModelPath=models/Florence-2-base-ft
Florence2.WebApi.Florence2WebApp.Build(args).Run();
