from django.apps import AppConfig


class TasksTestappConfig(AppConfig):
    name = "tasks_testapp"
    label = "tasks_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import graphene

        from rail_django.extensions.tasks import async_mutation

        # The guide's example: generateReport(datasetId:) { taskId status }.
        async_mutation(
            "generate_report",
            "tasks_testapp.jobs.generate_report",
            arguments={"dataset_id": graphene.ID(required=True)},
            description="Build a report in the background.",
        )
