# The four storematch roles. infra/README.md has their privileges as a matrix; a test
# (tests/unit/infra-terraform.test.ts) checks that the grants below give exactly that matrix.
resource "snowflake_account_role" "transformer" {
  provider = snowflake.security
  name     = "${var.role_prefix}TRANSFORMER"
  comment  = "storematch: dbt (builds every layer but MART), ingest and publishing"
}

resource "snowflake_account_role" "app" {
  provider = snowflake.security
  name     = "${var.role_prefix}APP"
  comment  = "storematch: the console (reads MART and DIAGNOSTICS, writes the control tables)"
}

resource "snowflake_account_role" "analyst" {
  provider = snowflake.security
  name     = "${var.role_prefix}ANALYST"
  comment  = "storematch: people and dashboards reading MART and DIAGNOSTICS"
}

resource "snowflake_account_role" "admin" {
  provider = snowflake.security
  name     = "${var.role_prefix}ADMIN"
  comment  = "storematch: everything the other three can do, and promotion (owns MART, MART_NEXT)"
}

# ADMIN holds the other three roles, so it has all of their privileges.
resource "snowflake_grant_account_role" "transformer_to_admin" {
  provider         = snowflake.security
  role_name        = snowflake_account_role.transformer.name
  parent_role_name = snowflake_account_role.admin.name
}

resource "snowflake_grant_account_role" "app_to_admin" {
  provider         = snowflake.security
  role_name        = snowflake_account_role.app.name
  parent_role_name = snowflake_account_role.admin.name
}

resource "snowflake_grant_account_role" "analyst_to_admin" {
  provider         = snowflake.security
  role_name        = snowflake_account_role.analyst.name
  parent_role_name = snowflake_account_role.admin.name
}

# Snowflake's recommended hierarchy: custom roles roll up to SYSADMIN, which owns the objects.
resource "snowflake_grant_account_role" "admin_to_sysadmin" {
  provider         = snowflake.security
  role_name        = snowflake_account_role.admin.name
  parent_role_name = var.admin_parent_role
}
