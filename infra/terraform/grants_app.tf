# APP (the console): reads MART (and MART_NEXT, so that a promotion's schema swap changes
# nobody's access), DIAGNOSTICS and VERSIONS (the published versions' clones: the console reads a
# candidate before anyone promotes it, and scans the promoted one); writes the two control tables.
# Object grants cover current objects (`all`) and future ones (`future`).

resource "snowflake_grant_privileges_to_account_role" "app_database" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.app.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "DATABASE"
    object_name = snowflake_database.storematch.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_warehouse" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.app.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "WAREHOUSE"
    object_name = snowflake_warehouse.app.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_schema" {
  provider = snowflake.security
  for_each = {
    MART        = ["USAGE"]
    MART_NEXT   = ["USAGE"]
    DIAGNOSTICS = ["USAGE"]
    VERSIONS    = ["USAGE"]
    CONTROL     = ["USAGE"]
  }
  account_role_name = snowflake_account_role.app.name
  privileges        = each.value
  on_schema {
    schema_name = snowflake_schema.layer[each.key].fully_qualified_name
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_all_views" {
  provider          = snowflake.security
  for_each          = toset(["MART", "MART_NEXT"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "VIEWS"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_future_views" {
  provider          = snowflake.security
  for_each          = toset(["MART", "MART_NEXT"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "VIEWS"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_all_tables" {
  provider          = snowflake.security
  for_each          = toset(["DIAGNOSTICS", "VERSIONS"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_future_tables" {
  provider          = snowflake.security
  for_each          = toset(["DIAGNOSTICS", "VERSIONS"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

# The gold tables' clones in VERSIONS are Iceberg tables, their own object type for grants.
resource "snowflake_grant_privileges_to_account_role" "app_all_iceberg_tables" {
  provider          = snowflake.security
  for_each          = toset(["VERSIONS"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "ICEBERG TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "app_future_iceberg_tables" {
  provider          = snowflake.security
  for_each          = toset(["VERSIONS"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "ICEBERG TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

# The console writes the run scope and the pair decisions: these two tables only, not the
# rest of CONTROL (dbt's transformation logs).
resource "snowflake_grant_privileges_to_account_role" "app_control_tables" {
  provider = snowflake.security
  for_each = {
    REPROCESS_TRIGGERS = snowflake_table.reprocess_triggers.fully_qualified_name
    PAIR_DECISIONS     = snowflake_table.pair_decisions.fully_qualified_name
  }
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT", "INSERT", "UPDATE", "DELETE"]
  on_schema_object {
    object_type = "TABLE"
    object_name = each.value
  }
}
