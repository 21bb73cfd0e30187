-- The partner-scoring functions, created from the module 'partner_scoring'
-- (loaded into system.webassembly_modules first: see install.sql, which
-- scripts/build-clickhouse.sh generates from this file and the module).
-- Every argument is String: numbers go in as text (toString(x)) and money
-- comes out as exact decimal strings. `...OrNull` variants give NULL for a
-- bad row instead of stopping the query.
-- Fuel metering is off (webassembly_udf_enable_fuel = 0): a row's work is
-- bounded by the core's input limits, and with fuel on, blocks above a few
-- thousand rows fail with 'all fuel consumed' depending on record size.
-- Measured in clickhouse/README.md: metering also costs speed.
CREATE OR REPLACE FUNCTION partnerFit LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String, record String) RETURNS Float64 ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerFitOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String, record String) RETURNS Nullable(Float64) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerBand LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String, record String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerBandOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String, record String) RETURNS Nullable(String) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerExplain LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String, record String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerExplainOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String, record String) RETURNS Nullable(String) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerTier LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (revenue String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerTierOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (revenue String) RETURNS Nullable(String) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerTierIn LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (revenue String, table String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerTierInOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (revenue String, table String) RETURNS Nullable(String) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerDealRegPayout LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (amount String, stage String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerDealRegPayoutOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (amount String, stage String) RETURNS Nullable(String) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerReferralCommission LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (value String, rate String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerReferralCommissionOrNull LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (value String, rate String) RETURNS Nullable(String) ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
CREATE OR REPLACE FUNCTION partnerProfileSql LANGUAGE WASM FROM 'partner_scoring' ARGUMENTS (profile String) RETURNS String ABI BUFFERED_V1 SETTINGS serialization_format = 'RowBinary', webassembly_udf_enable_fuel = 0;
