output "database" {
  description = "The storematch database (SNOWFLAKE_DATABASE for dbt and the console)."
  value       = snowflake_database.storematch.name
}

output "roles" {
  description = "The four account roles, by purpose."
  value = {
    transformer = snowflake_account_role.transformer.name
    app         = snowflake_account_role.app.name
    analyst     = snowflake_account_role.analyst.name
    admin       = snowflake_account_role.admin.name
  }
}

output "warehouses" {
  description = "The warehouses: dbt runs on transform, the console and analysts on app."
  value = {
    transform = snowflake_warehouse.transform.name
    app       = snowflake_warehouse.app.name
  }
}

output "external_volume" {
  description = "The external volume of the Iceberg tables (dbt's external_volume config)."
  value       = snowflake_external_volume.iceberg.name
}
