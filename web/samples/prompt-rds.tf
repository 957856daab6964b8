# A PostgreSQL database for a test environment that must be easy to tear down.
resource "aws_db_instance" "test" {
  identifier              = "test-postgres"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  allocated_storage       = 20
  username                = "app"
  manage_master_user_password = true
  storage_encrypted       = true
  backup_retention_period = 7
  deletion_protection     = true
  publicly_accessible     = false
}
