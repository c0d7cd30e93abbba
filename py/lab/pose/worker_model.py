"""A pose model in a Web Worker (js/pose_worker.js): the same calls as lab.pose.models.PoseModel.

    from lab.pose.worker_model import load_pose_model, WorkerPoseModel

    model = await WorkerPoseModel.load("movenet")    # ModelLoadError, as PoseModel's; WorkerFailed
    poses = await model.estimate(frame)              # the page's thread only grabs the picture
    model.dispose()                                  # the worker goes with it
    model = await load_pose_model("movenet", in_worker=True, demo=demo)   # or the page's thread,
                                                     # with a message, if the worker cannot start

The worker runs its own TF.js (ml5's, on wasm) and pose-detection, loaded from
vendor/ like the page's. JavaScript owns only the pump (capture, post, receive);
which model, its options, what is drawn and published stay in Python.
"""

import json

import js

from lab.core.bridge import abandon, js_error_message, to_js
from lab.core.models import ModelLoadError, WorkerFailed
from lab.pose.keypoints import plain_pose
from lab.pose.models import MODELS, PoseModel, _check_files, _options, _with_3d, check_model

WORKER_GONE = "the pose worker"  # how js/worker_client.js's errors begin when it failed


class WorkerPoseModel:
    """A pose model whose frames run in a worker; `where` says where it runs now."""

    def __init__(self, name: str, worker, on_fallback=None):
        self.name, self.choice = name, MODELS[name]
        self._worker = worker
        self._on_fallback = on_fallback  # told why, if the worker stops and the page takes over
        self.fallback = None  # the same model on the page's thread, once the worker has stopped
        pairs = js.poseDetection.util.getAdjacentPairs(self.choice.family)
        self.skeleton = [tuple(pair) for pair in pairs.to_py()]
        self.disposed = False
        self._tracking = None  # the source (a Frame's version) the model follows a person on

    @property
    def where(self) -> str:
        """Where the model runs now: "page" once the worker has stopped and the page took over."""
        return "page" if self.fallback is not None else "worker"

    @property
    def label(self) -> str:
        return self.choice.label

    @classmethod
    async def load(cls, name: str, on_fallback=None) -> "WorkerPoseModel":
        choice = check_model(name)
        options = _options(choice)  # before any request: no address off this page's server
        await _check_files(choice)
        try:
            worker = js.labModelWorker("js/pose_worker.js", "pose")
        except Exception as error:  # no Worker, or the script refused
            raise WorkerFailed(f"{WORKER_GONE} could not start ({js_error_message(error)})") from None
        try:
            await abandon(worker.load(to_js({"family": choice.family, "options": options})))
        except BaseException as error:  # a failed load, or the demo stopped meanwhile
            worker.terminate()
            if not isinstance(error, Exception):
                raise
            why = js_error_message(error)
            if why.startswith(WORKER_GONE):
                raise WorkerFailed(why) from None
            files = ", ".join(f"vendor/models/{f}" for f in choice.files)
            raise ModelLoadError(
                f"Could not load {choice.label} ({why}). It needs {files}: run ./lab serve, "
                "which builds vendor/ from the npm packages, then reload.") from None
        return cls(name, worker, on_fallback)

    async def estimate(self, frame) -> list[dict]:
        """Poses in a lab.media.frames.Frame, in its own pixels."""
        if self.disposed:
            raise RuntimeError(f"{self.label} was disposed: load it again.")
        if self.fallback is not None:
            return await self.fallback.estimate(frame)
        if frame.version != self._tracking:  # where the person was is no help on a new picture
            self.reset()
            self._tracking = frame.version
        camera = frame.source == "camera"
        try:  # a camera's answer starts the next frame in the worker (one in flight)
            answer = await abandon(self._worker.run(frame.image, frame.width, frame.height,
                                                         frame.version, camera))
        except Exception as error:
            if self.disposed:  # switched off or replaced meanwhile: this frame has no answer
                return []
            why = js_error_message(error)
            if not why.startswith(WORKER_GONE):
                raise RuntimeError(why) from None
            # the worker crashed: the demo goes on with the same model on the page's thread
            self._worker.terminate()
            fallback = await PoseModel.load(self.name)
            if self.disposed:  # switched off or replaced while it loaded
                fallback.dispose()
                return []
            self.fallback = fallback
            if self._on_fallback is not None:
                self._on_fallback(why)
            return await self.fallback.estimate(frame)
        # the frame may have been captured before this loop asked for it: time it from then
        frame.taken_ms_ago(js.performance.now() - answer.captured)
        found = json.loads(js.JSON.stringify(answer.poses))
        return [_with_3d(plain_pose(pose), pose) for pose in found]

    def reset(self):
        if not self.disposed and self.fallback is None:
            self._worker.reset()

    def dispose(self):
        if not self.disposed:
            self.disposed = True
            self._worker.terminate()  # its model, its tensors and its thread, all at once
            if self.fallback is not None:
                self.fallback.dispose()


async def load_pose_model(name: str, in_worker: bool, demo):
    """Model `name` in a worker when asked (else, or if the worker cannot start, on the page's
    thread, with a message saying so)."""
    def fell_back(why: str):
        demo.message(f"The model runs on the page's thread: {why}.", "warning", key="worker")

    if in_worker:
        try:
            return await WorkerPoseModel.load(name, on_fallback=fell_back)
        except WorkerFailed as error:
            fell_back(str(error))
    return await PoseModel.load(name)
