# Terraform state for CI (.github/workflows/terraform.yml): an S3 bucket, named at `terraform
# init -backend-config="bucket=…" -backend-config="region=…"`. Use another backend if you keep
# state elsewhere; for a local look, `terraform init -backend=false`.
terraform {
  backend "s3" {
    key     = "storematch/snowflake.tfstate"
    encrypt = true
  }
}
