using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

internal static partial class NativeMethods
{
    /// <summary>Query execution and results (https://duckdb.org/docs/current/clients/c/query).
    /// Only the chunk-based result functions are declared: the per-value <c>duckdb_value_*</c> API is deprecated.</summary>
    public static partial class Query
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_query", StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbQuery(DuckDbConnectionHandle connection, string query, DuckDbResultHandle result);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_result")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyResult(IntPtr result);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_column_name")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbColumnName(DuckDbResultHandle result, ulong column);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_column_logical_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbColumnLogicalType(DuckDbResultHandle result, ulong column);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_column_count")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbColumnCount(DuckDbResultHandle result);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_result_error")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbResultError(DuckDbResultHandle result);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_result_error_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbErrorType DuckDbResultErrorType(DuckDbResultHandle result);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_result_return_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbResultType DuckDbResultReturnType(DuckDbResultStruct result);

        /// <summary>Next chunk of a streaming or materialized result; NULL at the end or on error.</summary>
        [LibraryImport(LibraryName, EntryPoint = "duckdb_fetch_chunk")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbFetchChunk(DuckDbResultStruct result);
    }

    /// <summary>Prepared statements and binding (https://duckdb.org/docs/current/clients/c/prepared).</summary>
    public static partial class PreparedStatements
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_prepare")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyPrepare(ref IntPtr statement);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_prepare_error")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbPrepareError(DuckDbPreparedStatementHandle statement);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_nparams")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbNParams(DuckDbPreparedStatementHandle statement);

        /// <summary>The name of parameter <paramref name="index"/> (1-based); the caller frees it with duckdb_free.</summary>
        [LibraryImport(LibraryName, EntryPoint = "duckdb_parameter_name")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbParameterName(DuckDbPreparedStatementHandle statement, ulong index);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_param_type")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbType DuckDbParamType(DuckDbPreparedStatementHandle statement, ulong index);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_clear_bindings")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbClearBindings(DuckDbPreparedStatementHandle statement);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_value")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindValue(DuckDbPreparedStatementHandle statement, ulong index, DuckDbValueHandle value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_boolean")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindBoolean(DuckDbPreparedStatementHandle statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_int8")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindInt8(DuckDbPreparedStatementHandle statement, ulong index, sbyte value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_int16")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindInt16(DuckDbPreparedStatementHandle statement, ulong index, short value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_int32")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindInt32(DuckDbPreparedStatementHandle statement, ulong index, int value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_int64")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindInt64(DuckDbPreparedStatementHandle statement, ulong index, long value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_hugeint")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindHugeInt(DuckDbPreparedStatementHandle statement, ulong index, DuckDbHugeInt value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_uhugeint")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindUHugeInt(DuckDbPreparedStatementHandle statement, ulong index, DuckDbUHugeInt value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_decimal")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindDecimal(DuckDbPreparedStatementHandle statement, ulong index, DuckDbDecimalStruct value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_uint8")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindUInt8(DuckDbPreparedStatementHandle statement, ulong index, byte value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_uint16")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindUInt16(DuckDbPreparedStatementHandle statement, ulong index, ushort value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_uint32")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindUInt32(DuckDbPreparedStatementHandle statement, ulong index, uint value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_uint64")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindUInt64(DuckDbPreparedStatementHandle statement, ulong index, ulong value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_float")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindFloat(DuckDbPreparedStatementHandle statement, ulong index, float value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_double")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindDouble(DuckDbPreparedStatementHandle statement, ulong index, double value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_date")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindDate(DuckDbPreparedStatementHandle statement, ulong index, int days);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_time")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindTime(DuckDbPreparedStatementHandle statement, ulong index, long micros);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_timestamp")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindTimestamp(DuckDbPreparedStatementHandle statement, ulong index, long micros);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_timestamp_tz")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindTimestampTz(DuckDbPreparedStatementHandle statement, ulong index, long micros);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_interval")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindInterval(DuckDbPreparedStatementHandle statement, ulong index, DuckDbIntervalStruct value);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_varchar_length")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static unsafe partial DuckDbState DuckDbBindVarcharLength(DuckDbPreparedStatementHandle statement, ulong index, byte* value, ulong length);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_blob")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static unsafe partial DuckDbState DuckDbBindBlob(DuckDbPreparedStatementHandle statement, ulong index, byte* data, ulong length);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_null")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbBindNull(DuckDbPreparedStatementHandle statement, ulong index);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_execute_prepared")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbExecutePrepared(DuckDbPreparedStatementHandle statement, DuckDbResultHandle result);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_execute_prepared_streaming")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbExecutePreparedStreaming(DuckDbPreparedStatementHandle statement, DuckDbResultHandle result);
    }

    /// <summary>Splitting a multi-statement text (https://duckdb.org/docs/current/clients/c/api#extract-statements).</summary>
    public static partial class ExtractStatements
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_extract_statements", StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbExtractStatements(DuckDbConnectionHandle connection, string query, out IntPtr extracted);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_prepare_extracted_statement")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbPrepareExtractedStatement(DuckDbConnectionHandle connection, DuckDbExtractedStatementsHandle extracted, ulong index, out IntPtr statement);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_extract_statements_error")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbExtractStatementsError(DuckDbExtractedStatementsHandle extracted);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_extracted")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyExtracted(ref IntPtr extracted);
    }
}
