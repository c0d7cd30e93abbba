"""A pose model in a Web Worker (js/pose_worker.js): the same calls as lab.pose.models.PoseModel.

    from lab.pose.worker_model import load_pose_model, WorkerPoseModel

    model = await WorkerPoseModel.load("movenet")    # ModelLoadError, as PoseModel's; WorkerFailed
    poses = await model.estimate(frame)              # the page's thread only grabs the picture
    model.dispose()                                  # the worker goes with it
    model = await load_pose_model("movenet", in_worker=True, demo=demo)   # or the page's thread,
                                                     # with a message, if the worker cannot start

The worker runs its own TF.js (on wasm) and pose-detection, loaded from
vendor/ like the page's. JavaScript owns only the pump (capture, post, receive);
which model, its options, what is drawn and published stay in Python.
"""

import json

import js

from lab.core.models import ModelLoadError
from lab.core.workers import WorkerModel, load_in_worker, start_worker
from lab.pose.keypoints import plain_pose
from lab.pose.models import MODELS, PoseModel, _check_files, _options, _with_3d, check_model


class WorkerPoseModel(WorkerModel):
    worker_name = "pose"

    def __init__(self, name: str, worker, on_fallback=None):
        super().__init__(worker, on_fallback)
        self.name, self.choice = name, MODELS[name]
        pairs = js.poseDetection.util.getAdjacentPairs(self.choice.family)
        self.skeleton = [tuple(pair) for pair in pairs.to_py()]
        self._tracking = None  # the source (a Frame's version) the model follows a person on

    @property
    def label(self) -> str:
        return self.choice.label

    @classmethod
    async def load(cls, name: str, on_fallback=None) -> "WorkerPoseModel":
        choice = check_model(name)
        options = _options(choice)  # before any request: no address off this page's server
        await _check_files(choice)

        def load_failed(why: str) -> ModelLoadError:
            files = ", ".join(f"vendor/models/{f}" for f in choice.files)
            return ModelLoadError(f"Could not load {choice.label} ({why}). It needs {files}: run "
                                  "./lab serve, which builds vendor/ from the npm packages, then "
                                  "reload.")

        worker, _ = await start_worker("js/pose_worker.js", cls.worker_name,
                                       {"family": choice.family, "options": options}, load_failed)
        return cls(name, worker, on_fallback)

    async def load_on_page(self) -> PoseModel:
        return await PoseModel.load(self.name)

    async def estimate(self, frame) -> list[dict]:
        """Poses in a lab.media.frames.Frame, in its own pixels."""
        if self.fallback is None and frame.version != self._tracking:
            self.reset()  # where the person was is no help on a new picture
            self._tracking = frame.version
        answer = await self.run(frame)
        if answer is None:
            return [] if self.disposed or self.fallback is None else \
                await self.fallback.estimate(frame)
        found = json.loads(js.JSON.stringify(answer.poses))
        return [_with_3d(plain_pose(pose), pose) for pose in found]

    def reset(self):
        if not self.disposed and self.fallback is None:
            self._worker.reset()


async def load_pose_model(name: str, in_worker: bool, demo):
    """Model `name` in a worker when asked (else, or if the worker cannot start, on the page's
    thread, with a message saying so)."""
    return await load_in_worker(demo, in_worker,
                                lambda told: WorkerPoseModel.load(name, on_fallback=told),
                                lambda: PoseModel.load(name))
