# TRANSFORMER (dbt, ingest, publishing): writes every schema but MART and MART_NEXT.
# Object grants cover current objects (`all`) and future ones (`future`).

resource "snowflake_grant_privileges_to_account_role" "transformer_database" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "DATABASE"
    object_name = snowflake_database.storematch.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "transformer_warehouse" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "WAREHOUSE"
    object_name = snowflake_warehouse.transform.name
  }
}

# Creating Iceberg tables (GOLD) and cloning them (VERSIONS) writes to the external volume.
resource "snowflake_grant_privileges_to_account_role" "transformer_external_volume" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "EXTERNAL VOLUME"
    object_name = snowflake_external_volume.iceberg.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "transformer_schema" {
  provider = snowflake.security
  for_each = {
    RAW         = ["USAGE", "CREATE TABLE", "CREATE VIEW"]
    SEEDS       = ["USAGE", "CREATE TABLE", "CREATE VIEW"]
    STAGING     = ["USAGE", "CREATE TABLE", "CREATE VIEW"]
    MODEL       = ["USAGE", "CREATE TABLE", "CREATE VIEW"]
    GOLD        = ["USAGE", "CREATE TABLE", "CREATE VIEW", "CREATE ICEBERG TABLE"]
    DIAGNOSTICS = ["USAGE", "CREATE TABLE", "CREATE VIEW"]
    CONTROL     = ["USAGE", "CREATE TABLE", "CREATE VIEW", "CREATE DBT PROJECT"]
    VERSIONS    = ["USAGE", "CREATE TABLE", "CREATE VIEW", "CREATE ICEBERG TABLE"]
  }
  account_role_name = snowflake_account_role.transformer.name
  privileges        = each.value
  on_schema {
    schema_name = snowflake_schema.layer[each.key].fully_qualified_name
  }
}

resource "snowflake_grant_privileges_to_account_role" "transformer_all_tables" {
  provider          = snowflake.security
  for_each          = toset(["RAW", "SEEDS", "STAGING", "MODEL", "GOLD", "DIAGNOSTICS", "CONTROL", "VERSIONS"])
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]
  on_schema_object {
    all {
      object_type_plural = "TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
  # The control tables exist before this snapshot of "all tables" is taken.
  depends_on = [snowflake_table.reprocess_triggers, snowflake_table.pair_decisions]
}

resource "snowflake_grant_privileges_to_account_role" "transformer_future_tables" {
  provider          = snowflake.security
  for_each          = toset(["RAW", "SEEDS", "STAGING", "MODEL", "GOLD", "DIAGNOSTICS", "CONTROL", "VERSIONS"])
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]
  on_schema_object {
    future {
      object_type_plural = "TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

# Iceberg tables are their own object type for grants: gold (dbt, table_format='iceberg') and
# its per-version clones.
resource "snowflake_grant_privileges_to_account_role" "transformer_all_iceberg_tables" {
  provider          = snowflake.security
  for_each          = toset(["GOLD", "VERSIONS"])
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]
  on_schema_object {
    all {
      object_type_plural = "ICEBERG TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "transformer_future_iceberg_tables" {
  provider          = snowflake.security
  for_each          = toset(["GOLD", "VERSIONS"])
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]
  on_schema_object {
    future {
      object_type_plural = "ICEBERG TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "transformer_all_views" {
  provider          = snowflake.security
  for_each          = toset(["RAW", "SEEDS", "STAGING", "MODEL", "GOLD", "DIAGNOSTICS", "CONTROL", "VERSIONS"])
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "VIEWS"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "transformer_future_views" {
  provider          = snowflake.security
  for_each          = toset(["RAW", "SEEDS", "STAGING", "MODEL", "GOLD", "DIAGNOSTICS", "CONTROL", "VERSIONS"])
  account_role_name = snowflake_account_role.transformer.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "VIEWS"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}
