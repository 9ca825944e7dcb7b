-- Notification emails and the weekly digest run as tasks (docs/decisions.md, "Notifications").
ALTER TYPE "TaskType" ADD VALUE 'notify';
ALTER TYPE "TaskType" ADD VALUE 'digest';
