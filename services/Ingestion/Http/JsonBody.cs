using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Omnichannel.Ingestion.Http;

/// <summary>Reads a request's JSON body within a size limit, or says why it cannot: 415, 413 or 400.</summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Document, IResult? Refusal)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        // JSON between systems is UTF-8 (RFC 8259 §8.1): another charset would be read as garbage.
        if (mediaType.Charset.HasValue && !(mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", "Send the body as application/json in UTF-8: no other charset is read."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>();
        var total = 0;
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Advance(read);
        }

        if (total == 0)
        {
            return (null, Problems.Invalid([new("$", "is required: a JSON body.")]));
        }

        try
        {
            return (JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 16 }), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid([new("$", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).")]));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body must be at most {maxBytes} bytes.");
}
