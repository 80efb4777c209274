using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tracker.Http;

/// <summary>
/// RespectNullableAnnotations checks properties, not the items of a list, so <c>"evidence": [null]</c> got through and
/// failed deep inside a decision (a 500). Once a request object is read, each list property whose items are declared
/// non-nullable is checked, and a null item is refused as a JsonException naming it ("evidence[0]"), which the error
/// handler turns into a 400 like any other bad field.
/// </summary>
public static class NullItems
{
    public const string Message = "The item '{0}' must not be null.";

    public static void Refuse(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var nullability = new NullabilityInfoContext();
        var lists = type.Properties.Where(p => p.Get is not null && ItemsMayNotBeNull(p, nullability)).ToList();
        if (lists.Count == 0) return;

        var earlier = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            foreach (var list in lists)
            {
                if (list.Get!(value) is not IEnumerable items) continue;
                var index = 0;
                foreach (var item in items)
                {
                    if (item is null) throw new JsonException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Message, $"{list.Name}[{index}]"));
                    index++;
                }
            }
            earlier?.Invoke(value);
        };
    }

    private static bool ItemsMayNotBeNull(JsonPropertyInfo property, NullabilityInfoContext nullability)
    {
        if (property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType)) return false;
        var info = property.AttributeProvider switch
        {
            PropertyInfo p => nullability.Create(p),
            FieldInfo f => nullability.Create(f),
            _ => null,
        };
        var item = info?.ElementType ?? (info?.GenericTypeArguments is [var only] ? only : null);
        // Value-type items cannot be null unless declared Nullable<T>, whose converter already says so.
        return item is not null && !item.Type.IsValueType && item.ReadState == NullabilityState.NotNull;
    }
}
