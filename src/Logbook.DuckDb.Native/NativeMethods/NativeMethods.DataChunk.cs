using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

internal static partial class NativeMethods
{
    /// <summary>Data chunks (https://duckdb.org/docs/current/clients/c/data_chunk).</summary>
    public static partial class DataChunk
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_create_data_chunk")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static unsafe partial IntPtr DuckDbCreateDataChunk(IntPtr* types, ulong columnCount);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_data_chunk")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyDataChunk(ref IntPtr chunk);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_reset")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDataChunkReset(DuckDbDataChunkHandle chunk);

        // Cheap getters: no allocation, no locks, no callbacks, so the GC transition can be skipped.
        [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_get_vector")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial IntPtr DuckDbDataChunkGetVector(IntPtr chunk, ulong column);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_get_size")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial ulong DuckDbDataChunkGetSize(IntPtr chunk);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_set_size")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial void DuckDbDataChunkSetSize(IntPtr chunk, ulong size);
    }

    /// <summary>Vectors and validity masks (https://duckdb.org/docs/current/clients/c/vector).</summary>
    public static partial class Vector
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_get_data")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial IntPtr DuckDbVectorGetData(IntPtr vector);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_get_validity")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial IntPtr DuckDbVectorGetValidity(IntPtr vector);

        // Allocates the mask when absent: not a SuppressGCTransition candidate.
        [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_ensure_validity_writable")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbVectorEnsureValidityWritable(IntPtr vector);

        // Copies the bytes into the vector's string heap (allocates): not a SuppressGCTransition candidate.
        [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_assign_string_element_len")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static unsafe partial void DuckDbVectorAssignStringElementLen(IntPtr vector, ulong index, byte* value, ulong length);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_list_vector_get_child")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial IntPtr DuckDbListVectorGetChild(IntPtr vector);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_struct_vector_get_child")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial IntPtr DuckDbStructVectorGetChild(IntPtr vector, ulong index);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_array_vector_get_child")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        [SuppressGCTransition]
        public static partial IntPtr DuckDbArrayVectorGetChild(IntPtr vector);
    }

    /// <summary>Logical types (https://duckdb.org/docs/current/clients/c/types).</summary>
    public static partial class LogicalType
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_create_logical_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbCreateLogicalType(DuckDbType type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_logical_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyLogicalType(ref IntPtr type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_get_type_id")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbType DuckDbGetTypeId(DuckDbLogicalTypeHandle type);

        /// <summary>The alias (for example JSON) or NULL; the caller frees it with duckdb_free.</summary>
        [LibraryImport(LibraryName, EntryPoint = "duckdb_logical_type_get_alias")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbLogicalTypeGetAlias(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_decimal_width")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial byte DuckDbDecimalWidth(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_decimal_scale")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial byte DuckDbDecimalScale(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_decimal_internal_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbType DuckDbDecimalInternalType(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_enum_internal_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbType DuckDbEnumInternalType(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_enum_dictionary_size")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial uint DuckDbEnumDictionarySize(DuckDbLogicalTypeHandle type);

        /// <summary>One enum member; the caller frees it with duckdb_free.</summary>
        [LibraryImport(LibraryName, EntryPoint = "duckdb_enum_dictionary_value")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbEnumDictionaryValue(DuckDbLogicalTypeHandle type, ulong index);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_list_type_child_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbListTypeChildType(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_array_type_child_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbArrayTypeChildType(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_array_type_array_size")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbArrayTypeArraySize(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_map_type_key_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbMapTypeKeyType(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_map_type_value_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbMapTypeValueType(DuckDbLogicalTypeHandle type);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_struct_type_child_count")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbStructTypeChildCount(DuckDbLogicalTypeHandle type);

        /// <summary>A struct member's name; the caller frees it with duckdb_free.</summary>
        [LibraryImport(LibraryName, EntryPoint = "duckdb_struct_type_child_name")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbStructTypeChildName(DuckDbLogicalTypeHandle type, ulong index);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_struct_type_child_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbStructTypeChildType(DuckDbLogicalTypeHandle type, ulong index);
    }

    /// <summary>Appender (https://duckdb.org/docs/current/clients/c/appender). Rows go in as whole data chunks;
    /// the per-value duckdb_append_* calls are not used.</summary>
    public static partial class Appender
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_create", StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbAppenderCreate(DuckDbConnectionHandle connection, string? schema, string table, out IntPtr appender);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_column_count")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbAppenderColumnCount(DuckDbAppenderHandle appender);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_column_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbAppenderColumnType(DuckDbAppenderHandle appender, ulong column);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_error")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbAppenderError(IntPtr appender);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_flush")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbAppenderFlush(DuckDbAppenderHandle appender);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_close")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbAppenderClose(DuckDbAppenderHandle appender);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_destroy")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbAppenderDestroy(ref IntPtr appender);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_append_data_chunk")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbAppendDataChunk(DuckDbAppenderHandle appender, DuckDbDataChunkHandle chunk);
    }

    /// <summary>Values, used where a typed bind function does not exist (UUID).</summary>
    public static partial class Value
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_value")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyValue(ref IntPtr value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_create_uuid")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbCreateUuid(DuckDbUHugeInt value);
    }
}
