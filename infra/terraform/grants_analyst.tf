# ANALYST (people, dashboards): reads MART (and MART_NEXT, so that a promotion's schema swap
# changes nobody's access) and DIAGNOSTICS.
# Object grants cover current objects (`all`) and future ones (`future`).

resource "snowflake_grant_privileges_to_account_role" "analyst_database" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "DATABASE"
    object_name = snowflake_database.storematch.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_warehouse" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["USAGE"]
  on_account_object {
    object_type = "WAREHOUSE"
    object_name = snowflake_warehouse.app.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_schema" {
  provider = snowflake.security
  for_each = {
    MART        = ["USAGE"]
    MART_NEXT   = ["USAGE"]
    DIAGNOSTICS = ["USAGE"]
  }
  account_role_name = snowflake_account_role.analyst.name
  privileges        = each.value
  on_schema {
    schema_name = snowflake_schema.layer[each.key].fully_qualified_name
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_all_views" {
  provider          = snowflake.security
  for_each          = toset(["MART", "MART_NEXT"])
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "VIEWS"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_future_views" {
  provider          = snowflake.security
  for_each          = toset(["MART", "MART_NEXT"])
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "VIEWS"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_all_tables" {
  provider          = snowflake.security
  for_each          = toset(["DIAGNOSTICS"])
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["SELECT"]
  on_schema_object {
    all {
      object_type_plural = "TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_future_tables" {
  provider          = snowflake.security
  for_each          = toset(["DIAGNOSTICS"])
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["SELECT"]
  on_schema_object {
    future {
      object_type_plural = "TABLES"
      in_schema          = snowflake_schema.layer[each.key].fully_qualified_name
    }
  }
}
