# ADMIN: everything TRANSFORMER, APP and ANALYST can do (roles.tf grants it those roles), plus
# promotion. A promotion builds the next MART views in MART_NEXT and then runs
# `ALTER SCHEMA MART_NEXT SWAP WITH MART`, which needs OWNERSHIP of both schemas.

resource "snowflake_grant_ownership" "admin_mart" {
  provider            = snowflake.security
  for_each            = toset(["MART", "MART_NEXT"])
  account_role_name   = snowflake_account_role.admin.name
  outbound_privileges = "COPY"
  on {
    object_type = "SCHEMA"
    object_name = snowflake_schema.layer[each.key].fully_qualified_name
  }
}

# Suspend, resume and watch both warehouses (cancel a runaway query, resize after a review).
resource "snowflake_grant_privileges_to_account_role" "admin_transform_warehouse" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.admin.name
  privileges        = ["OPERATE", "MONITOR"]
  on_account_object {
    object_type = "WAREHOUSE"
    object_name = snowflake_warehouse.transform.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "admin_app_warehouse" {
  provider          = snowflake.security
  account_role_name = snowflake_account_role.admin.name
  privileges        = ["OPERATE", "MONITOR"]
  on_account_object {
    object_type = "WAREHOUSE"
    object_name = snowflake_warehouse.app.name
  }
}
