/** Pulumi dynamic providers that make backups declarative. */
export { BackupSchedule, type BackupScheduleArgs, type BackupScheduleOutputs, type BackupScheduleDatabaseArgs, type SiteReferenceArgs } from "./appservice/backupSchedule";
export { BackupSasRotation, type BackupSasRotationArgs, type BackupSasRotationOutputs, type MintSasArgs } from "./appservice/backupSasRotation";
export { type SiteRef, parseSiteId, formatSiteId } from "./appservice/siteRef";
export { Backup, type BackupArgs, type BackupOutputs, type BackupDatabaseArgs } from "./appservice/backup";
export { Restore, type RestoreArgs, type RestoreOutputs, type RestoreDatabaseArgs } from "./appservice/restore";
export { VmProtection, type VmProtectionArgs, type VmProtectionOutputs } from "./azurebackup/vmProtection";
export { ProtectionContainer, type ProtectionContainerArgs, type ProtectionContainerOutputs } from "./azurebackup/protectionContainer";
export { FileShareProtection, type FileShareProtectionArgs, type FileShareProtectionOutputs } from "./azurebackup/fileShareProtection";
export { SqlDatabaseProtection, type SqlDatabaseProtectionArgs, type SqlDatabaseProtectionOutputs } from "./azurebackup/sqlDatabaseProtection";
export { ProtectionIntent, type ProtectionIntentArgs, type ProtectionIntentOutputs } from "./azurebackup/protectionIntent";
export { OnDemandBackup, type OnDemandBackupArgs, type OnDemandBackupOutputs } from "./azurebackup/onDemandBackup";
export { listRecoveryPointsOf, listBackupJobs, getBackupJob, type RecoveryPointSummary, type BackupJobSummary, type ListRecoveryPointsArgs, type ListBackupJobsArgs } from "./azurebackup/queries";
export { type ProtectedItemArgs } from "./azurebackup/protectedItemResource";
export { VmRestore, type VmRestoreArgs, type VmRestoreOutputs } from "./azurebackup/vmRestore";
export { FileShareRestore, type FileShareRestoreArgs, type FileShareRestoreOutputs, type FileShareRestoreItem } from "./azurebackup/fileShareRestore";
export { SqlDatabaseRestore, type SqlDatabaseRestoreArgs, type SqlDatabaseRestoreOutputs } from "./azurebackup/sqlDatabaseRestore";
export { FileRecoverySession, type FileRecoverySessionArgs, type FileRecoverySessionOutputs } from "./azurebackup/fileRecoverySession";
