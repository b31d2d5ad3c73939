using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>
/// A value met during evaluation. A struct, so comparing scalars allocates nothing; arrays and objects
/// keep a reference to the JSON node (or to the evaluated items of a list literal).
/// </summary>
internal readonly struct ExpressionValue
{
    private readonly decimal _decimal;
    private readonly double _double;
    private readonly object? _reference;

    private ExpressionValue(ExpressionValueKind kind, decimal number = 0, double fallback = 0, bool exact = true, object? reference = null)
    {
        Kind = kind;
        _decimal = number;
        _double = fallback;
        IsExactNumber = exact;
        _reference = reference;
    }

    public static ExpressionValue Null => default;

    public ExpressionValueKind Kind { get; }

    /// <summary>True when a number is held as a <see cref="decimal"/>; numbers beyond its range are held as a <see cref="double"/>.</summary>
    public bool IsExactNumber { get; }

    public bool AsBoolean => _decimal != 0;

    public decimal AsDecimal => _decimal;

    public double AsDouble => IsExactNumber ? (double)_decimal : _double;

    public string AsString => (string)_reference!;

    public JsonObject AsObject => (JsonObject)_reference!;

    /// <summary>The number of items of an array value.</summary>
    public int Count => _reference is JsonArray array ? array.Count : ((ExpressionValue[])_reference!).Length;

    /// <summary>Null, false, 0, "" and an empty list are false; everything else is true.</summary>
    public bool IsTruthy => Kind switch
    {
        ExpressionValueKind.Boolean or ExpressionValueKind.Number => IsExactNumber ? _decimal != 0 : _double != 0,
        ExpressionValueKind.String => AsString.Length > 0,
        ExpressionValueKind.Array => Count > 0,
        ExpressionValueKind.Object => true,
        _ => false,
    };

    public static ExpressionValue FromBoolean(bool value) => new(ExpressionValueKind.Boolean, value ? 1 : 0);

    public static ExpressionValue FromNumber(decimal value) => new(ExpressionValueKind.Number, value);

    public static ExpressionValue FromNumber(double value) => new(ExpressionValueKind.Number, fallback: value, exact: false);

    public static ExpressionValue FromString(string value) => new(ExpressionValueKind.String, reference: value);

    public static ExpressionValue FromList(ExpressionValue[] items) => new(ExpressionValueKind.Array, reference: items);

    public static ExpressionValue FromNode(JsonNode? node) => node switch
    {
        null => Null,
        JsonObject obj => new(ExpressionValueKind.Object, reference: obj),
        JsonArray array => new(ExpressionValueKind.Array, reference: array),
        JsonValue value => FromJsonValue(value),
        _ => Null,
    };

    /// <summary>The item at <paramref name="index"/> of an array value.</summary>
    public ExpressionValue ItemAt(int index) =>
        _reference is JsonArray array ? FromNode(array[index]) : ((ExpressionValue[])_reference!)[index];

    /// <summary>A detached JSON node for the value, safe for the caller to keep or attach elsewhere.</summary>
    public JsonNode? ToJsonNode()
    {
        switch (Kind)
        {
            case ExpressionValueKind.Boolean:
                return JsonValue.Create(AsBoolean);
            case ExpressionValueKind.Number:
                return IsExactNumber ? JsonValue.Create(_decimal) : JsonValue.Create(_double);
            case ExpressionValueKind.String:
                return JsonValue.Create(AsString);
            case ExpressionValueKind.Object:
            case ExpressionValueKind.Array when _reference is JsonArray:
                return ((JsonNode)_reference!).DeepClone();
            case ExpressionValueKind.Array:
                var result = new JsonArray();
                foreach (var item in (ExpressionValue[])_reference!)
                {
                    result.Add(item.ToJsonNode());
                }

                return result;
            default:
                return null;
        }
    }

    /// <summary>The scalar as the language writes it: <c>null</c>, <c>true</c>, <c>1.5</c>, <c>'it\'s'</c>.</summary>
    public string ToLiteralText() => Kind switch
    {
        ExpressionValueKind.Boolean => AsBoolean ? "true" : "false",
        ExpressionValueKind.Number => IsExactNumber ? _decimal.ToString(CultureInfo.InvariantCulture) : _double.ToString("R", CultureInfo.InvariantCulture),
        ExpressionValueKind.String => "'" + AsString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        _ => "null",
    };

    private static ExpressionValue FromJsonValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return FromString(value.TryGetValue(out string? text) ? text : value.ToString());
            case JsonValueKind.True:
                return FromBoolean(true);
            case JsonValueKind.False:
                return FromBoolean(false);
            case JsonValueKind.Number:
                return FromJsonNumber(value);
            default:
                return Null;
        }
    }

    private static ExpressionValue FromJsonNumber(JsonValue value)
    {
        if (value.TryGetValue(out decimal number))
        {
            return FromNumber(number);
        }

        // A value built from a CLR number (JsonValue.Create(5)) converts only to its own type: try the
        // common ones before boxing.
        if (value.TryGetValue(out int integer))
        {
            return FromNumber((decimal)integer);
        }

        if (value.TryGetValue(out long wide))
        {
            return FromNumber((decimal)wide);
        }

        if (value.TryGetValue(out double real))
        {
            return FromNumber(real);
        }

        value.TryGetValue(out object? boxed);
        return boxed switch
        {
            JsonElement element => element.TryGetDecimal(out var m) ? FromNumber(m) : FromNumber(element.GetDouble()),
            float or double => FromNumber(Convert.ToDouble(boxed, CultureInfo.InvariantCulture)),
            IConvertible convertible => FromNumber(convertible.ToDecimal(CultureInfo.InvariantCulture)),
            _ => Null,
        };
    }
}
