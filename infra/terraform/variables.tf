variable "snowflake_organization_name" {
  description = "Snowflake organization name (the first part of the account identifier ORG-ACCOUNT)."
  type        = string
}

variable "snowflake_account_name" {
  description = "Snowflake account name (the second part of the account identifier ORG-ACCOUNT)."
  type        = string
}

variable "snowflake_user" {
  description = "The service user Terraform signs in as (key-pair authentication; the key comes from SNOWFLAKE_PRIVATE_KEY)."
  type        = string
}

variable "object_role" {
  description = "Role that creates and owns the database, schemas, warehouses and control tables."
  type        = string
  default     = "SYSADMIN"
}

variable "security_role" {
  description = "Role that creates the storematch roles and grants their privileges."
  type        = string
  default     = "SECURITYADMIN"
}

variable "account_admin_role" {
  description = "Role that creates the external volume (CREATE EXTERNAL VOLUME is an account privilege)."
  type        = string
  default     = "ACCOUNTADMIN"
}

variable "database_name" {
  description = "The storematch database."
  type        = string
  default     = "STOREMATCH"
}

variable "role_prefix" {
  description = "Prefix of the four account roles (STOREMATCH_TRANSFORMER, _APP, _ANALYST, _ADMIN)."
  type        = string
  default     = "STOREMATCH_"
}

variable "admin_parent_role" {
  description = "The system role the storematch ADMIN role is granted to, so that the object owner can manage it."
  type        = string
  default     = "SYSADMIN"
}

variable "transform_warehouse_size" {
  description = "Size of the warehouse dbt runs on."
  type        = string
  default     = "SMALL"
}

variable "app_warehouse_size" {
  description = "Size of the warehouse the console and analysts query MART and DIAGNOSTICS with."
  type        = string
  default     = "XSMALL"
}

variable "external_volume_name" {
  description = "External volume that holds the Iceberg tables' data and metadata."
  type        = string
  default     = "STOREMATCH_ICEBERG"
}

variable "iceberg_storage_provider" {
  description = "Cloud storage of the external volume: S3, S3GOV, GCS or AZURE."
  type        = string
  default     = "S3"
}

variable "iceberg_storage_base_url" {
  description = "Base URL of the Iceberg storage location, e.g. s3://my-bucket/storematch/."
  type        = string
}

variable "iceberg_storage_aws_role_arn" {
  description = "IAM role Snowflake assumes to write the S3 location (S3 only; null otherwise)."
  type        = string
  default     = null
}

variable "azure_tenant_id" {
  description = "Azure tenant of the storage account (AZURE only; null otherwise)."
  type        = string
  default     = null
}
