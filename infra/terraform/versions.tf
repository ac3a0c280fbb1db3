# The Snowflake provider (snowflakedb/snowflake, formerly Snowflake-Labs/snowflake).
# Not applied from this repository's machines: Snowflake is unreachable there (see ../README.md).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    snowflake = {
      source  = "snowflakedb/snowflake"
      version = ">= 2.14.0, < 3.0.0"
    }
  }
}

# Objects (database, schemas, warehouses, tables) are created and owned by SYSADMIN.
# Credentials never live in these files: the provider reads the private key from
# SNOWFLAKE_PRIVATE_KEY (or SNOWFLAKE_PRIVATE_KEY_PATH) in the environment.
provider "snowflake" {
  organization_name = var.snowflake_organization_name
  account_name      = var.snowflake_account_name
  user              = var.snowflake_user
  authenticator     = "SNOWFLAKE_JWT"
  role              = var.object_role

  # snowflake_table and snowflake_external_volume are preview resources in the 2.x provider.
  preview_features_enabled = ["snowflake_table_resource", "snowflake_external_volume_resource"]
}

# Roles and grants: SECURITYADMIN (MANAGE GRANTS, CREATE ROLE).
provider "snowflake" {
  alias             = "security"
  organization_name = var.snowflake_organization_name
  account_name      = var.snowflake_account_name
  user              = var.snowflake_user
  authenticator     = "SNOWFLAKE_JWT"
  role              = var.security_role
}

# The external volume: CREATE EXTERNAL VOLUME is an account privilege (ACCOUNTADMIN by default).
provider "snowflake" {
  alias             = "account"
  organization_name = var.snowflake_organization_name
  account_name      = var.snowflake_account_name
  user              = var.snowflake_user
  authenticator     = "SNOWFLAKE_JWT"
  role              = var.account_admin_role

  preview_features_enabled = ["snowflake_external_volume_resource"]
}
