# APP (the console): reads MART (and MART_NEXT, so that a promotion's schema swap changes
# nobody's access) and DIAGNOSTICS; writes the two control tables.
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
  for_each          = toset(["DIAGNOSTICS"])
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
  for_each          = toset(["DIAGNOSTICS"])
  account_role_name = snowflake_account_role.app.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "TABLES"
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
