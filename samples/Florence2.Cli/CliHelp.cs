namespace Florence2.Cli;

/// <summary>The --help texts: the command list, and each command's usage with the options every command takes.</summary>
internal static class CliHelp
{
    private const string CommonOptions = """
        images:
          IMAGE...                  JPEG or PNG files, or folders of them

        options:
          --model ID|DIR            Hub id or local model folder (default onnx-community/Florence-2-base-ft;
                                    an id is downloaded into the Hugging Face cache on first use)
          --revision REV            branch, tag or commit of a Hub model (default main)
          --variant V               ONNX variant of all four modules: fp32 (default), fp16, quantized, int8,
                                    uint8, q4, q4f16, bnb4
          --vision-variant V, --embed-variant V, --encoder-variant V, --decoder-variant V
                                    the variant of one module
          --provider P              cpu, cuda[:N] or directml[:N]; repeat or comma-separate in order of
                                    preference (falls back to the CPU)
          --num-beams N             beams (1 = greedy); default from generation_config.json
          --max-new-tokens N        most tokens to generate (default 1023)
          --min-score S             drop boxes, quads and polygons scoring below S (0 to 1)
          --json                    one JSON object per image and line instead of the table
          --annotate OUT            draw the result on the image: OUT.png for one image, a folder for several
          -h, --help                this help
        """;

    public static string For(CommandInfo? command)
    {
        if (command is null)
        {
            var width = CommandInfo.All.Max(c => c.Name.Length);
            var list = string.Join(Environment.NewLine, CommandInfo.All.Select(c => $"  {c.Name.PadRight(width)}  {c.Summary}"));
            return $"""
                florence2: Microsoft Florence-2 vision models on ONNX Runtime

                usage: florence2 COMMAND IMAGE... [options]

                commands:
                {list}

                {CommonOptions}

                florence2 COMMAND --help shows a command's own options. Exit codes: 0 done, 1 failed, 2 usage error.
                Example: florence2 detect photo.jpg --annotate photo.boxes.png
                """;
        }

        return $"""
            florence2 {command.Name}: {command.Summary}

            usage: florence2 {command.Usage} [options]
            {Specific(command.Command)}
            {CommonOptions}
            """;
    }

    private static string Specific(CliCommand command) => command switch
    {
        CliCommand.Caption => "\n  --detail D                brief (default), detailed or paragraph\n",
        CliCommand.Ocr => "\n  --regions                 a quad box per line of text\n",
        CliCommand.Ground => "\n  --caption TEXT            the caption whose phrases to find\n",
        CliCommand.Segment => "\n  --expression TEXT         what to segment, in words\n  --region X1,Y1,X2,Y2      or the region to segment, in pixels\n",
        CliCommand.Find => "\n  --name TEXT               the kind of object to find\n",
        CliCommand.Region => "\n  --region X1,Y1,X2,Y2      the region, in pixels\n  --describe                describe it (default)\n"
            + "  --category                name its category\n  --ocr                     read its text\n",
        CliCommand.Prompt => "\n  --task TOKEN              the prompt or task token\n  --text TEXT               text after the token\n"
            + "  --kind K                  how to parse the answer: text (default for unknown tokens), boxes, labelled-boxes,\n"
            + "                            grounding, ocr, polygons, boxes-or-polygons\n",
        CliCommand.Run => "\n  --task TOKEN              a task token such as \"<OD>\", or a free prompt\n  --text TEXT               the task's text input\n"
            + "  --region X1,Y1,X2,Y2      the region of a region task, in pixels\n  --image FILE              the image (or give it as an argument)\n"
            + "  --json                    adds the prompt, token ids, raw text and timings\n",
        _ => "",
    };
}
