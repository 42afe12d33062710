using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>The weight quantizers on values small enough to work out by hand from onnxruntime.quantization's formulas.</summary>
public sealed class QuantizerTests
{
    [Fact]
    public void Int8_is_symmetric_over_plus_minus_127_with_zero_point_0_and_rounds_half_to_even()
    {
        // absmax 127 → scale exactly 1; 63.5 → 64 and 62.5 → 62 (half to even; half away from zero would give 63).
        var q = EightBitTensor.Quantize([-127f, 63.5f, 62.5f, 0.25f, 100f], OnnxDataType.Int8);

        Assert.Equal(1f, q.Scale);
        Assert.Equal(0, q.ZeroPoint);
        Assert.Equal([-127, 64, 62, 0, 100], Enumerable.Range(0, 5).Select(q.QuantizedAt));
        Assert.Equal([0x81, 64, 62, 0, 100], q.Values.Select(b => (int)b));
    }

    [Fact]
    public void Int8_scales_by_the_largest_magnitude_over_127()
    {
        var q = EightBitTensor.Quantize([0.5f, -2f, 1.2f], OnnxDataType.Int8);

        Assert.Equal((float)(4.0 / 254), q.Scale);
        Assert.Equal([32, -127, 76], Enumerable.Range(0, 3).Select(q.QuantizedAt));
    }

    [Fact]
    public void Uint8_is_asymmetric_over_0_to_255_with_a_rounded_zero_point()
    {
        // Range [−64, 191] → scale exactly 1, zero point 64; 0.5 → 0 and 1.5 → 2 (half to even), plus 64.
        var q = EightBitTensor.Quantize([-64f, 191f, 0.5f, 1.5f], OnnxDataType.Uint8);

        Assert.Equal(1f, q.Scale);
        Assert.Equal(64, q.ZeroPoint);
        Assert.Equal([0, 255, 64, 66], q.Values.Select(b => (int)b));
        Assert.Equal(-64f, q.Dequantized(0));
    }

    [Fact]
    public void A_range_that_excludes_zero_is_widened_to_include_it()
    {
        // All positive: the range becomes [0, 2], so 0 stays exactly representable with zero point 0.
        var q = EightBitTensor.Quantize([0.5f, 2f], OnnxDataType.Uint8);

        Assert.Equal(0, q.ZeroPoint);
        Assert.Equal((float)(2.0 / 255), q.Scale);
        Assert.Equal([64, 255], q.Values.Select(b => (int)b));
    }

    [Fact]
    public void Four_bit_blocks_map_the_largest_magnitude_to_code_0_and_pack_the_lower_row_in_the_low_nibble()
    {
        // K = 32 (one block), N = 2. Column 0: rows r → (r − 10) / 10, so the extreme is 2.1 (row 31) and the scale
        // 2.1 / −8 = −0.2625. Column 1: rows r → −r / 31, extreme −1 (row 31), scale 0.125.
        const int k = 32;
        var weight = new float[k * 2];
        for (var r = 0; r < k; r++)
        {
            weight[r * 2] = (r - 10) / 10f;
            weight[(r * 2) + 1] = -r / 31f;
        }

        var blocks = FourBitBlocks.Quantize(weight, k, 2, 32);

        Assert.Equal(1, blocks.BlockCount);
        Assert.Equal([2.1f / -8f, -1f / -8f], blocks.Scales);
        Assert.Equal(2 * 16, blocks.Packed.Length);
        // Column 0, rows 0 and 1: −1 / −0.2625 + 8 = 11.81 → 12 and −0.9 / −0.2625 + 8 = 11.43 → 11, so 0xBC.
        Assert.Equal(0xBC, blocks.Packed[0]);
        Assert.Equal(0, blocks.CodeAt(31, 0));
        Assert.Equal(8, blocks.CodeAt(10, 0));
        // Column 1 starts at byte 16; row 0 is 0 → code 8, row 1: −1/31 / 0.125 + 8 = 7.74 → 8.
        Assert.Equal(0x88, blocks.Packed[16]);
        Assert.Equal(0, blocks.CodeAt(31, 1));
        Assert.Equal(-1f, blocks.Dequantized(31, 1));
    }

    [Fact]
    public void Four_bit_codes_round_half_away_from_zero_and_a_short_last_block_is_padded_with_code_8()
    {
        // K = 40: blocks of 32 and 8 rows. Block 0 holds 8 (extreme, scale −1) and 2.5 → −2.5 + 8 = 5.5 → 6.
        const int k = 40;
        var weight = new float[k];
        weight[0] = 8f;
        weight[1] = 2.5f;
        weight[32] = -4f;

        var blocks = FourBitBlocks.Quantize(weight, k, 1, 32);

        Assert.Equal(2, blocks.BlockCount);
        Assert.Equal([-1f, 0.5f], blocks.Scales);
        Assert.Equal(0, blocks.CodeAt(0, 0));
        Assert.Equal(6, blocks.CodeAt(1, 0));
        Assert.Equal(0, blocks.CodeAt(32, 0));
        // Rows 40..63 do not exist: their nibbles hold the code of zero.
        Assert.All(blocks.Packed[(16 + 4)..], b => Assert.Equal(0x88, b));
    }
}
