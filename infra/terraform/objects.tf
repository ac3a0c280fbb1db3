# The external volume the Iceberg tables (GOLD, and their clones in VERSIONS) are written to.
resource "snowflake_external_volume" "iceberg" {
  provider     = snowflake.account
  name         = var.external_volume_name
  allow_writes = "true"
  comment      = "storematch: Iceberg tables of the gold layer and the published versions"

  storage_location {
    storage_location_name = "storematch-iceberg"
    storage_provider      = var.iceberg_storage_provider
    storage_base_url      = var.iceberg_storage_base_url
    storage_aws_role_arn  = var.iceberg_storage_aws_role_arn
    azure_tenant_id       = var.azure_tenant_id
  }
}

resource "snowflake_database" "storematch" {
  name    = var.database_name
  comment = "storematch: GI/TH store matching (dbt), its versions and the MART views dashboards read"
  # Iceberg tables created without an explicit external_volume use this one.
  external_volume = snowflake_external_volume.iceberg.name
}

# One schema per dbt layer (dbt's generate_schema_name gives the layers plain names), plus:
# CONTROL (run scope and pair decisions, written by the console; transformation logs by dbt),
# VERSIONS (a zero-copy clone of each gold table per published version),
# MART (the views consumers read, on the promoted version's clones) and MART_NEXT (where a
# promotion builds the next MART views before `ALTER SCHEMA MART_NEXT SWAP WITH MART`).
# MART and MART_NEXT carry the same grants, so a swap changes nobody's access.
resource "snowflake_schema" "layer" {
  for_each = toset(["RAW", "SEEDS", "STAGING", "MODEL", "GOLD", "DIAGNOSTICS", "CONTROL", "VERSIONS", "MART", "MART_NEXT"])
  database = snowflake_database.storematch.name
  name     = each.key
  comment  = "storematch ${lower(each.key)}"
}

resource "snowflake_warehouse" "transform" {
  name                = "${var.database_name}_TRANSFORM_WH"
  warehouse_size      = var.transform_warehouse_size
  auto_suspend        = 60
  auto_resume         = "true"
  initially_suspended = true
  comment             = "storematch: dbt builds (full refresh and targeted runs), publishing"
}

resource "snowflake_warehouse" "app" {
  name                = "${var.database_name}_APP_WH"
  warehouse_size      = var.app_warehouse_size
  auto_suspend        = 60
  auto_resume         = "true"
  initially_suspended = true
  comment             = "storematch: console reads, trigger and decision writes, analysts' queries"
}

# The run scope: the console writes a run's approved triggers here; dbt's targeted run reads
# them (int_reprocess_scope) and marks them CONSUMED on success (on-run-end).
# Columns: those of the dbt project's `control` source (a test compares them).
resource "snowflake_table" "reprocess_triggers" {
  database = snowflake_database.storematch.name
  schema   = snowflake_schema.layer["CONTROL"].name
  name     = "REPROCESS_TRIGGERS"
  comment  = "storematch: triggers in a run's scope (written by the console, read and consumed by dbt)"

  column {
    name     = "TRIGGER_ID"
    type     = "NUMBER(38,0)"
    nullable = false
  }
  column {
    name     = "RUN_ID"
    type     = "VARCHAR"
    nullable = false
  }
  column {
    name     = "SOURCE"
    type     = "VARCHAR"
    nullable = false
  }
  column {
    name     = "STORE_ID"
    type     = "VARCHAR"
    nullable = false
  }
  column {
    name = "REASON"
    type = "VARCHAR"
  }
  column {
    name = "PRIORITY"
    type = "FLOAT"
  }
  column {
    name     = "STATUS"
    type     = "VARCHAR"
    nullable = false
  }
  column {
    name = "LOADED_AT"
    type = "TIMESTAMP_NTZ(9)"
  }
  column {
    name = "CONSUMED_AT"
    type = "TIMESTAMP_NTZ(9)"
  }
}

# Stewards' pair decisions (MATCH forces a pair, NO_MATCH forbids it), written by the console
# before each run; dbt reads them as the `control.pair_decisions` source.
resource "snowflake_table" "pair_decisions" {
  database = snowflake_database.storematch.name
  schema   = snowflake_schema.layer["CONTROL"].name
  name     = "PAIR_DECISIONS"
  comment  = "storematch: stewards' pair decisions (written by the console, read by dbt)"

  column {
    name     = "GI_ID"
    type     = "VARCHAR"
    nullable = false
  }
  column {
    name     = "TH_ID"
    type     = "VARCHAR"
    nullable = false
  }
  column {
    name     = "DECISION"
    type     = "VARCHAR"
    nullable = false
  }
}
