run "trail_is_multi_region" {
  command = plan

  assert {
    condition     = aws_cloudtrail.main.is_multi_region_trail
    error_message = "The audit trail must cover every region."
  }
}

run "database_is_private" {
  command = plan

  assert {
    condition     = !aws_db_instance.main.publicly_accessible
    error_message = "The database must not be reachable from the internet."
  }
}
